import type { ModelKind } from '@/lib/schemas/project';
import type { Db } from '@/server/store/handle';
import { findActiveReadyModelVersions } from '@/server/store/models';

/** The project's active, trained model versions (one per kind at most), or only `kind`'s. */
export function listActiveModelVersions(db: Db, projectId: string, kind?: ModelKind) {
  return findActiveReadyModelVersions(db, projectId, kind);
}
