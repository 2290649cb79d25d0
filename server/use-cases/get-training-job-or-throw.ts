import type { Db } from '@/server/store/handle';
import { findTrainingJobOrThrow } from '@/server/store/training-jobs';

/** A training job by id (a Prisma not-found error when there is none). */
export function getTrainingJobOrThrow(db: Db, id: string) {
  return findTrainingJobOrThrow(db, id);
}
