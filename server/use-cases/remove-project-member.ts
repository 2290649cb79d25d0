import { AppError } from '@/lib/errors/app-error';
import { hasRole, type Role } from '@/lib/auth/roles';
import { inTransaction, type Db } from '@/server/store/handle';
import { deleteMembership, findMembership } from '@/server/store/projects';
import { assertKeepsALead } from './assert-keeps-a-lead';
import { recordAuditEvent } from './record-audit-event';

/**
 * A lead removes a member from the project. Their labels stay (annotations are append-only
 * and keep their author); they simply lose access. The last lead cannot be removed.
 */
export async function removeProjectMember(
  db: Db,
  args: { projectId: string; userId: string; actor: { id: string; role: Role } },
) {
  return inTransaction(db, async (tx) => {
    const member = await findMembership(tx, args.projectId, args.userId);
    if (!member) throw new AppError({ code: 'NOT_FOUND', message: 'That user is not a member of this project.' });
    if (member.role === 'ADMIN' && !hasRole(args.actor.role, 'ADMIN')) {
      throw new AppError({ code: 'FORBIDDEN', message: 'Only an admin may remove an admin.' });
    }
    if (hasRole(member.role, 'LEAD')) await assertKeepsALead(tx, args.projectId, args.userId);
    await deleteMembership(tx, args.projectId, args.userId);
    await recordAuditEvent(tx, {
      actorId: args.actor.id,
      projectId: args.projectId,
      action: 'project.member_removed',
      subject: args.userId,
      details: { role: member.role },
    });
    return { userId: args.userId, removed: true };
  });
}
