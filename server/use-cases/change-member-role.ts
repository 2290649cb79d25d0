import { AppError } from '@/lib/errors/app-error';
import { hasRole, type Role } from '@/lib/auth/roles';
import { inTransaction, type Db } from '@/server/store/handle';
import { findMembership, setMemberRole } from '@/server/store/projects';
import { assertKeepsALead } from './assert-keeps-a-lead';
import { recordAuditEvent } from './record-audit-event';

/**
 * A lead changes a member's role in the project. Only an admin may make someone ADMIN, and
 * the project always keeps at least one lead.
 */
export async function changeMemberRole(
  db: Db,
  args: { projectId: string; userId: string; role: Role; actor: { id: string; role: Role } },
) {
  if (args.role === 'ADMIN' && !hasRole(args.actor.role, 'ADMIN')) {
    throw new AppError({ code: 'FORBIDDEN', message: 'Only an admin may grant the ADMIN role.' });
  }
  return inTransaction(db, async (tx) => {
    const member = await findMembership(tx, args.projectId, args.userId);
    if (!member) throw new AppError({ code: 'NOT_FOUND', message: 'That user is not a member of this project.' });
    if (member.role === 'ADMIN' && !hasRole(args.actor.role, 'ADMIN')) {
      throw new AppError({ code: 'FORBIDDEN', message: "Only an admin may change an admin's role." });
    }
    if (hasRole(member.role, 'LEAD') && !hasRole(args.role, 'LEAD')) {
      await assertKeepsALead(tx, args.projectId, args.userId);
    }
    const updated = await setMemberRole(tx, args.projectId, args.userId, args.role);
    await recordAuditEvent(tx, {
      actorId: args.actor.id,
      projectId: args.projectId,
      action: 'project.member_role_changed',
      subject: args.userId,
      details: { from: member.role, to: args.role },
    });
    return updated;
  });
}
