import { AppError } from '@/lib/errors/app-error';
import { hasRole, type SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/db/client';
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
  return db.$transaction(async (tx) => {
    const before = await tx.project.findUniqueOrThrow({
      where: { id: args.projectId },
      select: { archivedAt: true },
    });
    if ((before.archivedAt !== null) === args.archived) {
      return { archivedAt: before.archivedAt };
    }
    const after = await tx.project.update({
      where: { id: args.projectId },
      data: { archivedAt: args.archived ? new Date() : null },
      select: { archivedAt: true },
    });
    await recordAuditEvent(tx, {
      actorId: args.actor.id,
      projectId: args.projectId,
      action: args.archived ? 'project.archived' : 'project.restored',
      details: { from: before.archivedAt?.toISOString() ?? null, to: after.archivedAt?.toISOString() ?? null },
    });
    return after;
  });
}
