import PgBoss from 'pg-boss';
import type { Logger } from '@/server/logger';

/** The job queue lives in PostgreSQL (pg-boss): jobs survive restarts; SKIP LOCKED hands each to one worker. */
export const TRAIN_QUEUE = 'neuroloop-train';

export interface QueueOptions {
  /** Seconds a job may run before it counts as dead and is retried. */
  expireInSeconds?: number;
  retryLimit?: number;
  retryDelaySeconds?: number;
  /** How often expired jobs are looked for (one process does it per interval). */
  maintenanceIntervalSeconds?: number;
}

export async function startBoss(url: string, log: Logger, opts: QueueOptions = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    application_name: 'neuroloop-jobs',
    maintenanceIntervalSeconds: opts.maintenanceIntervalSeconds ?? 30,
  });
  boss.on('error', (err) => log.error({ err }, 'job queue error'));
  await boss.start();
  const queue = {
    name: TRAIN_QUEUE,
    retryLimit: opts.retryLimit ?? 2,
    retryDelay: opts.retryDelaySeconds ?? 5,
    expireInSeconds: opts.expireInSeconds ?? 60 * 60,
  };
  if (await boss.getQueue(TRAIN_QUEUE)) await boss.updateQueue(TRAIN_QUEUE, queue);
  else await boss.createQueue(TRAIN_QUEUE, queue);
  return boss;
}

export interface TrainJobData {
  trainingJobId: string;
  projectId: string;
}
