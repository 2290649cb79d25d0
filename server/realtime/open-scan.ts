import type { ClientMessage, ScanState } from '@/lib/realtime/protocol';
import { claimScan } from '@/server/use-cases/claim-scan';
import { getScanState } from '@/server/use-cases/get-scan-state';
import { actorOf, memberOrThrow, type RealtimeContext } from './realtime-context';
import { scanRoom } from './rooms';
import type { IoSocket } from './socket-types';

/** The connection's viewer shows a scan: presence follows, and a reconnecting client resumes its claim. */
export async function openScan(
  ctx: RealtimeContext,
  socket: IoSocket,
  msg: Extract<ClientMessage, { type: 'scan.open' }>,
): Promise<ScanState> {
  const { projectId } = memberOrThrow(socket);
  const user = actorOf(socket);
  if (msg.resumeClaim) {
    const claim = await claimScan(ctx.services.db, { projectId, scanId: msg.scanId, userId: user.id });
    socket.data.claim = claim && { claimId: claim.claimId, scanId: claim.scanId };
  }
  const state = await getScanState(ctx.sql, { projectId, scanId: msg.scanId, user, cache: ctx.scanRows });
  await moveToScan(ctx, socket, projectId, msg.scanId);
  return state;
}

export async function closeScan(ctx: RealtimeContext, socket: IoSocket): Promise<void> {
  await moveToScan(ctx, socket, memberOrThrow(socket).projectId, null);
}

async function moveToScan(
  ctx: RealtimeContext,
  socket: IoSocket,
  projectId: string,
  scanId: string | null,
): Promise<void> {
  const previous = socket.data.scanId;
  if (previous === scanId) return;
  if (previous) await socket.leave(scanRoom(projectId, previous));
  if (scanId) await socket.join(scanRoom(projectId, scanId));
  socket.data.scanId = scanId;
  ctx.presence.view(socket, scanId);
}
