import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { openDatabase } from '@/server/db/database';
import { createDb } from '@/server/db/client';
import { TRAIN_QUEUE, startBoss, type TrainJobData } from '@/server/jobs/boss';
import { markTrainingJobFailed } from '@/server/use-cases/update-training-job';
import { maybeQueueTraining } from '@/server/use-cases/maybe-queue-training';
import { notifyEvent } from '@/server/events/notify';
import { chooseBackend } from './backend/choose-backend';
import { diskFeatureCache } from './resnet50/feature-cache';
import { runTrainingJob, type JobDeps } from './service/run-training-job';
import { sweepStrandedJobs } from './service/sweep-stranded-jobs';
import { registerExplainWorker } from './service/explain-worker';

/**
 * The trainer process (`npm run trainer`; started by `npm start` too). Several may run on
 * several machines against one PostgreSQL: pg-boss hands each job to exactly one of them,
 * and a job whose trainer died expires and is retried (bounded attempts).
 */
async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, 'trainer');
  const backend = await chooseBackend({ force: config.TFJS_BACKEND, wasmThreads: config.TFJS_WASM_THREADS, logger: log });
  process.stdout.write(`NeuroLoop trainer: tfjs backend ${backend.name} (${backend.threads} thread(s))\n`);
  const database = await openDatabase(config, log);
  const db = createDb(database.url, { max: 4 });
  const pool = new pg.Pool({ connectionString: database.url, max: 3 });
  const boss = await startBoss(database.url, log, {
    expireInSeconds: config.TRAIN_JOB_EXPIRE_SECONDS,
    retryLimit: config.TRAIN_JOB_RETRIES,
    maintenanceIntervalSeconds: config.TRAIN_QUEUE_MAINTENANCE_SECONDS,
  });
  const deps: JobDeps = {
    db,
    pool,
    log,
    backend,
    storageDir: config.storageDir,
    featureCache: diskFeatureCache(path.join(config.storageDir, 'feature-cache')),
    resnet50Weights: config.RESNET50_WEIGHTS,
    workerId: `${os.hostname()}:${process.pid}`,
    maxEpochs: config.TRAIN_MAX_EPOCHS,
  };

  await boss.work<TrainJobData>(TRAIN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
    const jobLog = log.child({ trainingJobId: job.data.trainingJobId });
    try {
      const result = await runTrainingJob({ ...deps, log: jobLog }, job.data.trainingJobId);
      jobLog.info(result, 'training job succeeded');
    } catch (e) {
      const final = job.retryCount >= job.retryLimit;
      const message = (e as Error).message;
      jobLog.error({ err: e, final }, 'training job failed');
      await markTrainingJobFailed(db, job.data.trainingJobId, message, final);
      await notifyEvent(pool, { projectId: job.data.projectId, event: { type: 'training.failed', trainingJobId: job.data.trainingJobId, error: message, final } }).catch(() => {});
      throw e; // pg-boss retries it while attempts remain
    }
    // Labels that arrived during the run may already cross the threshold again.
    await maybeQueueTraining({ db, pool, boss }, job.data.projectId).catch((err: unknown) => jobLog.warn({ err }, 'threshold re-check failed'));
  });

  await registerExplainWorker(boss, deps);
  const sweep = setInterval(() => void sweepStrandedJobs({ db, boss, log }).catch((err: unknown) => log.warn({ err }, 'sweep failed')), 15_000);
  log.info({ workerId: deps.workerId }, 'trainer waiting for jobs');

  const stop = async () => {
    clearInterval(sweep);
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => {});
    await pool.end();
    await db.$disconnect();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`NeuroLoop trainer failed to start: ${(err as Error | undefined)?.stack ?? String(err)}\n`);
  process.exit(1);
});
