import type PgBoss from 'pg-boss';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import { TRAIN_QUEUE } from '@/server/jobs/boss';
import { listOpenTrainingJobs } from '@/server/use-cases/list-open-training-jobs';
import { markTrainingJobFailed } from '@/server/use-cases/update-training-job';

/**
 * A trainer that dies mid-job leaves its TrainingJob RUNNING. pg-boss expires and retries
 * the queue job; when the retries are spent, this marks the TrainingJob FAILED with the
 * reason, so leads see it instead of a job that runs forever.
 */
export async function sweepStrandedJobs(deps: { db: Db; boss: PgBoss; log: Logger }): Promise<number> {
  const open = await listOpenTrainingJobs(deps.db);
  let swept = 0;
  for (const job of open) {
    const q = await deps.boss.getJobById(TRAIN_QUEUE, job.queueJobId!, { includeArchive: true });
    if (q && q.state !== 'failed' && q.state !== 'cancelled') continue;
    const why = q ? `the trainer stopped before finishing (queue job ${q.state} after ${q.retryCount + 1} attempt(s))` : 'its queue job disappeared';
    await markTrainingJobFailed(deps.db, job.id, job.error ? `${job.error}; ${why}` : why, true);
    deps.log.warn({ trainingJobId: job.id, why }, 'stranded training job marked failed');
    swept += 1;
  }
  return swept;
}
