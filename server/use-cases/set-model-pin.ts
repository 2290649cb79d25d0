import { AppError } from '@/lib/errors/app-error';
import { inTransaction, type Db } from '@/server/store/handle';
import {
  clearOtherModelVersionsOfKind,
  findProjectModelVersion,
  pinModelVersion,
  unpinModelVersion,
} from '@/server/store/models';
import { recordAuditEvent } from './record-audit-event';

/**
 * A lead pins a version (it becomes its kind's active model and no new version replaces it
 * until unpinned) or unpins it (the promotion gate applies again from the next training).
 */
export async function setModelPin(
  db: Db,
  args: { projectId: string; versionId: string; pinned: boolean; actorId: string },
) {
  return inTransaction(db, async (tx) => {
    const version = await findProjectModelVersion(tx, { projectId: args.projectId, versionId: args.versionId });
    if (!version) throw new AppError({ code: 'NOT_FOUND', message: 'No such model version in this project.' });
    if (args.pinned && version.state !== 'READY') {
      throw new AppError({
        code: 'CONFLICT',
        message: `Only a trained version can be pinned (this one is ${version.state}).`,
      });
    }
    if (args.pinned) {
      await clearOtherModelVersionsOfKind(tx, { projectId: args.projectId, kind: version.kind, exceptId: version.id });
    }
    const updated = args.pinned ? await pinModelVersion(tx, version.id) : await unpinModelVersion(tx, version.id);
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
