import type { Db } from '@/server/store/handle';
import { findOpenQueuedTrainingJobs } from '@/server/store/training-jobs';

/** Training jobs still QUEUED or RUNNING that went through the queue (they have a queue job id). */
export function listOpenTrainingJobs(db: Db) {
  return findOpenQueuedTrainingJobs(db);
}
