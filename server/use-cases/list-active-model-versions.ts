import type { ModelKind } from '@/lib/schemas/project';
import type { Db } from '@/server/db/client';

/** The project's active, trained model versions (one per kind at most), or only `kind`'s. */
export function listActiveModelVersions(db: Db, projectId: string, kind?: ModelKind) {
  return db.modelVersion.findMany({ where: { projectId, active: true, state: 'READY', ...(kind ? { kind } : {}) } });
}
