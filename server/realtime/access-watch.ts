import { AppError } from '@/lib/errors/app-error';
import { hasRole } from '@/lib/auth/roles';
import { getMembershipOrThrow } from '@/server/use-cases/get-membership-or-throw';
import { resolveSessionUser } from '@/server/use-cases/resolve-session-user';
import { leaveProject } from './leave-project';
import type { RealtimeContext } from './realtime-context';
import { clinicianRoom } from './rooms';
import type { IoSocket } from './socket-types';

/**
 * Which users' access changed since their sockets last checked it (server/auth/access-changes).
 * A socket compares its stamp on every request: equal (nearly always) costs a map lookup;
 * different re-reads the session and the membership before the request runs.
 */
export class AccessWatch {
  private readonly stamps = new Map<string, number>();
  private counter = 0;

  stamp(userId: string): number {
    return this.stamps.get(userId) ?? 0;
  }

  changed(userId: string): void {
    this.stamps.set(userId, ++this.counter);
  }
}

/**
 * Brings a socket's user and project role up to date when their access changed: a session
 * that was ended (or an account disabled) disconnects; a membership that was removed leaves
 * the project; a role that changed applies from this request on.
 */
export async function ensureAccessCurrent(ctx: RealtimeContext, socket: IoSocket): Promise<void> {
  const stamp = ctx.access.stamp(socket.data.user.id);
  if (socket.data.accessStamp === stamp) return;
  socket.data.accessStamp = stamp;
  const user = await resolveSessionUser(ctx.services.db, {
    id: socket.data.user.id,
    sessionVersion: socket.data.sessionVersion,
  });
  if (!user) {
    await leaveProject(ctx, socket);
    socket.disconnect(true);
    throw new AppError({ code: 'UNAUTHENTICATED', message: 'This session has ended: sign in again.' });
  }
  socket.data.user = { id: user.id, email: user.email, name: user.name, role: user.role };
  const member = socket.data.member;
  if (!member) return;
  let role;
  try {
    ({ role } = await getMembershipOrThrow(ctx.services.db, socket.data.user, member.slug));
  } catch (e) {
    await leaveProject(ctx, socket);
    throw e;
  }
  member.role = role;
  if (hasRole(role, 'CLINICIAN')) await socket.join(clinicianRoom(member.projectId));
  else await socket.leave(clinicianRoom(member.projectId));
}

/** Every socket of `userId` on this server re-checks now (a NOTIFY said their access changed). */
export function recheckUserSockets(ctx: RealtimeContext, userId: string): void {
  ctx.access.changed(userId);
  for (const socket of ctx.io.sockets.sockets.values()) {
    if (socket.data.user?.id !== userId) continue;
    ensureAccessCurrent(ctx, socket).catch((err: unknown) =>
      ctx.services.log.info({ err, user: userId }, 'socket access re-checked: refused'),
    );
  }
}
