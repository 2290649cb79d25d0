import { releaseClaim } from '@/server/use-cases/release-claim';
import type { RealtimeContext } from './realtime-context';
import { clinicianRoom, projectRoom, scanRoom, userRoom } from './rooms';
import type { IoSocket } from './socket-types';

/** A connection leaves its project (or disconnects): its claim is released, its presence cleared. */
export async function leaveProject(ctx: RealtimeContext, socket: IoSocket): Promise<void> {
  const member = socket.data.member;
  if (!member) return;
  const claim = socket.data.claim;
  socket.data.member = null;
  socket.data.claim = null;
  ctx.presence.leave(socket);
  const rooms = [
    projectRoom(member.projectId),
    userRoom(member.projectId, socket.data.user.id),
    clinicianRoom(member.projectId),
  ];
  if (socket.data.scanId) rooms.push(scanRoom(member.projectId, socket.data.scanId));
  socket.data.scanId = null;
  for (const room of rooms) await socket.leave(room);
  if (claim) await releaseClaim(ctx.services.db, { claimId: claim.claimId, userId: socket.data.user.id });
}
