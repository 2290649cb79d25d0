import type { ClientMessage, ResponseMap } from '@/lib/realtime/protocol';
import { claimNextScan } from '@/server/use-cases/claim-next-scan';
import { getScanState } from '@/server/use-cases/get-scan-state';
import { releaseClaim } from '@/server/use-cases/release-claim';
import { catchUpFor, joinProject } from './join-project';
import { leaveProject } from './leave-project';
import { openScan, closeScan } from './open-scan';
import { submitFromSocket } from './submit-from-socket';
import { actorOf, memberOrThrow, type RealtimeContext } from './realtime-context';
import { scanRoom } from './rooms';
import type { IoSocket } from './socket-types';

/**
 * One validated request, one use case (docs/ARCHITECTURE.md, "Handlers and errors"), ending in an exhaustive
 * switch over the protocol's union (principle 8).
 */
export async function dispatch(
  ctx: RealtimeContext,
  socket: IoSocket,
  msg: ClientMessage,
): Promise<ResponseMap[ClientMessage['type']]> {
  const db = ctx.services.db;
  switch (msg.type) {
    case 'join':
      return joinProject(ctx, socket, msg);
    case 'leave':
      await leaveProject(ctx, socket);
      return null;
    case 'scan.open':
      return openScan(ctx, socket, msg);
    case 'scan.close':
      await closeScan(ctx, socket);
      return null;
    case 'scan.get':
      return getScanState(ctx.sql, {
        projectId: memberOrThrow(socket).projectId,
        scanId: msg.scanId,
        user: actorOf(socket),
        cache: ctx.scanRows,
      });
    case 'annotation.submit':
      return submitFromSocket(ctx, socket, msg);
    case 'claim.next': {
      const claim = await claimNextScan(db, {
        projectId: memberOrThrow(socket).projectId,
        userId: socket.data.user.id,
      });
      socket.data.claim = claim && { claimId: claim.claimId, scanId: claim.scanId };
      return claim;
    }
    case 'claim.release':
      await releaseClaim(db, { projectId: memberOrThrow(socket).projectId, userId: socket.data.user.id });
      socket.data.claim = null;
      return null;
    case 'events.since':
      return catchUpFor(ctx, socket, msg.lastSeq);
    case 'presence.viewport': {
      const { projectId } = memberOrThrow(socket);
      if (socket.data.scanId === msg.scanId) {
        socket.volatile
          .to(scanRoom(projectId, msg.scanId))
          .emit('msg', { type: 'presence.viewport', socketId: socket.id, scanId: msg.scanId, window: msg.window });
      }
      return null;
    }
    default: {
      const never: never = msg;
      throw new Error(`Unhandled message ${JSON.stringify(never)}`);
    }
  }
}
