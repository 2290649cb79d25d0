import { AppError } from '@/lib/errors/app-error';
import { hasRole, type SessionUser } from '@/lib/auth/roles';
import { inTransaction, type Db } from '@/server/store/handle';
import { findProjectArchivedAt, setProjectArchivedAt } from '@/server/store/projects';
import { recordAuditEvent } from './record-audit-event';

/**
 * A lead archives a project: it leaves the project lists and becomes read-only (the route
 * wrapper refuses writes; the annotation trigger refuses labels). Only an admin restores it.
 * Audited either way.
 */
export async function setProjectArchived(
  db: Db,
  args: { projectId: string; actor: Pick<SessionUser, 'id' | 'role'>; archived: boolean },
) {
  if (!args.archived && !hasRole(args.actor.role, 'ADMIN')) {
    throw new AppError({ code: 'FORBIDDEN', message: 'Only an admin may restore an archived project.' });
  }
  return inTransaction(db, async (tx) => {
    const before = await findProjectArchivedAt(tx, args.projectId);
    if ((before.archivedAt !== null) === args.archived) {
      return { archivedAt: before.archivedAt };
    }
    const after = await setProjectArchivedAt(tx, args.projectId, args.archived ? new Date() : null);
    await recordAuditEvent(tx, {
      actorId: args.actor.id,
      projectId: args.projectId,
      action: args.archived ? 'project.archived' : 'project.restored',
      details: { from: before.archivedAt?.toISOString() ?? null, to: after.archivedAt?.toISOString() ?? null },
    });
    return after;
  });
}
