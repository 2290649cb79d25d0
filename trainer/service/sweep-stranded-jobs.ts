import fs from 'node:fs/promises';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import { TRAIN_QUEUE } from '@/server/jobs/boss';
import { listOpenTrainingJobs } from '@/server/use-cases/list-open-training-jobs';
import { retireAttemptVersions } from '@/server/use-cases/retire-attempt-versions';
import { markTrainingJobFailed } from '@/server/use-cases/update-training-job';

export interface SweepDeps {
  db: Db;
  boss: PgBoss;
  log: Logger;
  storageDir: string;
  /** A RUNNING job whose heartbeat is older than this has lost its trainer. */
  heartbeatTimeoutMs: number;
}

/** Ends an attempt that no trainer will finish: its versions retired, the job queued again or failed. */
export async function failAttempt(
  deps: Pick<SweepDeps, 'db' | 'log' | 'storageDir'>,
  job: { id: string; startedAt: Date | null },
  error: string,
  final: boolean,
): Promise<void> {
  const artifacts = await retireAttemptVersions(deps.db, job, error);
  for (const a of artifacts) {
    await fs.rm(path.resolve(deps.storageDir, a), { recursive: true, force: true }).catch((err: unknown) => {
      deps.log.warn({ err, artifact: a }, 'could not remove a failed attempt’s artifact');
    });
  }
  await markTrainingJobFailed(deps.db, job.id, error, final);
}

/**
 * Jobs no live trainer is working on. A RUNNING job whose heartbeat has gone quiet (its
 * trainer died, or its watchdog found it stalled) is failed in the queue now, so pg-boss
 * hands it to a live trainer within seconds rather than at its expiry; when its retries are
 * spent it fails for good. A job whose queue job failed or vanished is marked FAILED with the
 * reason, so leads see it instead of a job that runs forever.
 */
export async function sweepStrandedJobs(deps: SweepDeps): Promise<number> {
  const open = await listOpenTrainingJobs(deps.db);
  let swept = 0;
  for (const job of open) {
    const q = await deps.boss.getJobById(TRAIN_QUEUE, job.queueJobId!, { includeArchive: true });
    const quiet = job.state === 'RUNNING' && (job.heartbeatAt?.getTime() ?? 0) < Date.now() - deps.heartbeatTimeoutMs;
    if (q && q.state === 'active' && quiet) {
      const silentS = job.heartbeatAt ? Math.round((Date.now() - job.heartbeatAt.getTime()) / 1000) : null;
      const why = job.error ?? `its trainer stopped sending heartbeats${silentS ? ` ${silentS} s ago` : ''}`;
      const final = q.retryCount >= q.retryLimit;
      await deps.boss.fail(TRAIN_QUEUE, q.id, { reason: why });
      await failAttempt(deps, job, why, final);
      deps.log.warn({ trainingJobId: job.id, why, final }, 'training job handed off from a silent trainer');
      swept += 1;
      continue;
    }
    if (q && q.state !== 'failed' && q.state !== 'cancelled') continue;
    const why = q
      ? `the trainer stopped before finishing (queue job ${q.state} after ${q.retryCount + 1} attempt(s))`
      : 'its queue job disappeared';
    await failAttempt(deps, job, job.error ? `${job.error}; ${why}` : why, true);
    deps.log.warn({ trainingJobId: job.id, why }, 'stranded training job marked failed');
    swept += 1;
  }
  return swept;
}
