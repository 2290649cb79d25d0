import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { findModelVersion } from '@/server/store/models';

/** A model version that has a stored artifact, with that artifact's path (relative to the storage dir). */
export async function getModelVersionArtifactOrThrow(db: Db, id: string) {
  const version = await findModelVersion(db, id);
  if (!version?.artifactPath)
    throw new AppError({ code: 'NOT_FOUND', message: `No model version ${id} with an artifact.` });
  return { ...version, artifactPath: version.artifactPath };
}
