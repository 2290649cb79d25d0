import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/db/client';
import { recordAuditEvent } from './record-audit-event';

/**
 * A lead pins a version (it becomes its kind's active model and no new version replaces it
 * until unpinned) or unpins it (the promotion gate applies again from the next training).
 */
export async function setModelPin(
  db: Db,
  args: { projectId: string; versionId: string; pinned: boolean; actorId: string },
) {
  return db.$transaction(async (tx) => {
    const version = await tx.modelVersion.findFirst({ where: { id: args.versionId, projectId: args.projectId } });
    if (!version) throw new AppError({ code: 'NOT_FOUND', message: 'No such model version in this project.' });
    if (args.pinned && version.state !== 'READY') {
      throw new AppError({
        code: 'CONFLICT',
        message: `Only a trained version can be pinned (this one is ${version.state}).`,
      });
    }
    if (args.pinned) {
      await tx.modelVersion.updateMany({
        where: { projectId: args.projectId, kind: version.kind, id: { not: version.id } },
        data: { active: false, pinned: false },
      });
    }
    const updated = await tx.modelVersion.update({
      where: { id: version.id },
      data: args.pinned ? { pinned: true, active: true } : { pinned: false },
      select: { id: true, kind: true, version: true, active: true, pinned: true },
    });
    await recordAuditEvent(tx, {
      actorId: args.actorId,
      projectId: args.projectId,
      action: args.pinned ? 'model.pinned' : 'model.unpinned',
      subject: version.id,
      details: { kind: version.kind, version: version.version, wasActive: version.active },
    });
    return updated;
  });
}
