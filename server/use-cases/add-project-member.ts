import { AppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import { inTransaction, type Db } from '@/server/store/handle';
import { upsertMembership } from '@/server/store/projects';
import { findUserByEmail } from '@/server/store/users';
import { notifyAccessChange } from '@/server/auth/access-changes';
import { recordAuditEvent } from './record-audit-event';

/** Who adds the member: a signed-in user with their global role, or null for the operator (CLI, seeding). */
export type MemberActor = { id: string; role: Role } | null;

/**
 * Adds a user to a project or changes their role in it. Only an admin may give the ADMIN
 * role or change an admin's membership; a lead manages everyone else. The user's live
 * sockets pick the new role up before their next request.
 */
export async function addProjectMember(
  db: Db,
  input: { projectId: string; email: string; role: Role },
  actor: MemberActor,
) {
  const user = await findUserByEmail(db, input.email.toLowerCase());
  if (!user) throw new AppError({ code: 'NOT_FOUND', message: `No user with email ${input.email}.` });
  const byAdmin = actor === null || actor.role === 'ADMIN';
  if (!byAdmin && input.role === 'ADMIN')
    throw new AppError({ code: 'FORBIDDEN', message: 'Only an admin may give the ADMIN role.' });
  if (!byAdmin && user.role === 'ADMIN')
    throw new AppError({ code: 'FORBIDDEN', message: 'Only an admin may change an admin’s membership.' });
  const member = await inTransaction(db, async (tx) => {
    const m = await upsertMembership(tx, input.projectId, user.id, input.role);
    await recordAuditEvent(tx, {
      actorId: actor?.id ?? null,
      projectId: input.projectId,
      action: 'project.member_set',
      subject: user.id,
      details: { role: input.role },
    });
    await notifyAccessChange(tx, { userId: user.id });
    return m;
  });
  return member;
}
