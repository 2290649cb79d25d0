import { AppError } from '@/lib/errors/app-error';
import { hasRole } from '@/lib/auth/roles';
import { PROTOCOL_VERSION, type CatchUp, type ClientMessage, type JoinResult } from '@/lib/realtime/protocol';
import { getLabelContext } from '@/server/use-cases/get-label-context';
import { getMembershipOrThrow } from '@/server/use-cases/get-membership-or-throw';
import { listEventsSince } from '@/server/use-cases/list-events-since';
import { listProjectScans } from '@/server/use-cases/list-project-scans';
import { leaveProject } from './leave-project';
import { actorOf, memberOrThrow, type RealtimeContext } from './realtime-context';
import { clinicianRoom, projectRoom, userRoom } from './rooms';
import type { IoSocket } from './socket-types';

/**
 * Joins the connection to a project's rooms (members only), then answers what it missed
 * since its last sequence. Rooms are joined first, so that nothing committed meanwhile
 * falls between the catch-up and the live events (duplicates are harmless: by seq).
 */
export async function joinProject(
  ctx: RealtimeContext,
  socket: IoSocket,
  msg: Extract<ClientMessage, { type: 'join' }>,
): Promise<JoinResult> {
  if (msg.v !== PROTOCOL_VERSION) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `This page speaks protocol v${msg.v}, the server v${PROTOCOL_VERSION}: reload the page.`,
    });
  }
  const { project, role } = await getMembershipOrThrow(ctx.services.db, socket.data.user, msg.project);
  if (socket.data.member) await leaveProject(ctx, socket);
  const rooms = [projectRoom(project.id), userRoom(project.id, socket.data.user.id)];
  if (hasRole(role, 'CLINICIAN')) rooms.push(clinicianRoom(project.id));
  await socket.join(rooms);
  socket.data.member = { projectId: project.id, slug: project.slug, role, summaries: msg.summaries };
  ctx.presence.join(socket, project.id);
  const catchUp = await catchUpFor(ctx, socket, msg.lastSeq);
  const seq = catchUp.kind === 'events' ? catchUp.upTo : catchUp.seq;
  return { projectId: project.id, user: actorOf(socket), seq, catchUp };
}

/**
 * Events since lastSeq, a page at a time (the client asks for the next while `more`),
 * when few enough; else a snapshot (clients with a grid) or a reset. A snapshot reads
 * the whole project, so only a few are built at once (ctx.snapshots): a reconnect storm
 * queues for them instead of holding every project copy in memory together.
 */
export async function catchUpFor(ctx: RealtimeContext, socket: IoSocket, lastSeq: number | null): Promise<CatchUp> {
  const member = memberOrThrow(socket);
  const user = actorOf(socket);
  const { config, db } = ctx.services;
  if (lastSeq !== null) {
    const since = await listEventsSince(ctx.sql, {
      projectId: member.projectId,
      afterSeq: lastSeq,
      user,
      pageSize: config.CATCH_UP_PAGE_EVENTS,
      maxEvents: config.CATCH_UP_MAX_EVENTS,
      pages: ctx.catchUpPages,
    });
    if (since.kind === 'events') return since;
  }
  if (!member.summaries) return { kind: 'reset', seq: (await getLabelContext(db, member.projectId)).seq };
  const list = await ctx.snapshots.run(() => listProjectScans(db, { projectId: member.projectId, user }));
  return { kind: 'snapshot', seq: list.seq, scans: list.scans.map((s) => s.summary) };
}
