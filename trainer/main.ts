import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { restrictFileModes } from '@/server/file-modes';
import { openDatabase } from '@/server/db/database';
import { createDb } from '@/server/db/client';
import { TRAIN_QUEUE, startBoss, type TrainJobData } from '@/server/jobs/boss';
import { openSqlPool } from '@/server/store/sql';
import { getTrainingJobOrThrow } from '@/server/use-cases/get-training-job-or-throw';
import { maybeQueueTraining } from '@/server/use-cases/maybe-queue-training';
import { notifyEvent } from '@/server/events/notify';
import { chooseBackend } from './backend/choose-backend';
import { setDefaultScoringEngine } from '@/trainer/onnx/network-runner';
import { diskFeatureCache } from './resnet50/feature-cache';
import { runTrainingJob, type JobDeps } from './service/run-training-job';
import { failAttempt, sweepStrandedJobs } from './service/sweep-stranded-jobs';
import { startWatchdog } from './service/watchdog';
import { registerExplainWorker } from './service/explain-worker';
import { startFeatureWarmer, type FeatureWarmer } from './service/feature-warmer';

/**
 * The trainer process (`npm run trainer`; started by `npm start` too). Several may run on
 * several machines against one PostgreSQL: pg-boss hands each job to exactly one of them,
 * and a job whose trainer died or stalled is handed to a live trainer (bounded attempts).
 * A watchdog thread fails a job that stops making progress; the process then exits with
 * RESTART_EXIT_CODE and its supervisor (npm start) starts a fresh one.
 */
/** Exit code of a trainer that stopped itself to be restarted (a stalled job). */
const RESTART_EXIT_CODE = 75;

async function main() {
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL, 'trainer', config.LOG_FORMAT);
  restrictFileModes(config);
  setDefaultScoringEngine(config.SCORING_ENGINE);
  const backend = await chooseBackend({
    force: config.TFJS_BACKEND,
    wasmThreads: config.TFJS_WASM_THREADS,
    logger: log,
  });
  const database = await openDatabase(config, log);
  const db = createDb(database.url, { max: 4 });
  const pool = openSqlPool({ connectionString: database.url, max: 3 });
  const boss = await startBoss(database.url, log, {
    expireInSeconds: config.TRAIN_JOB_EXPIRE_SECONDS,
    retryLimit: config.TRAIN_JOB_RETRIES,
    maintenanceIntervalSeconds: config.TRAIN_QUEUE_MAINTENANCE_SECONDS,
  });
  let stopping = false;
  const exitForRestart = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await boss.stop({ graceful: false, wait: true, timeout: 3_000 }).catch(() => {});
    process.exit(code);
  };
  const watchdog = startWatchdog(
    {
      stallMs: config.TRAIN_STALL_SECONDS * 1000,
      // Well inside the hand-off timeout, so that a live trainer's job never looks abandoned.
      heartbeatMs: Math.min(5_000, config.TRAIN_HEARTBEAT_TIMEOUT_SECONDS * 200),
      checkMs: 1_000,
      databaseUrl: database.url,
      killAfterMs: 5_000,
    },
    (m) => {
      if (m.type === 'ready') return;
      if (m.type === 'error') return log.error({ err: m.message }, 'watchdog thread failed');
      log.error(m, 'training job stalled: it goes back to the queue and this trainer restarts');
      void exitForRestart(RESTART_EXIT_CODE);
    },
  );
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
    baseline: config.TRAIN_BASELINE,
    beat: (stage) => watchdog.beat(stage),
  };
  const sweepDeps = {
    db,
    boss,
    log,
    storageDir: config.storageDir,
    heartbeatTimeoutMs: config.TRAIN_HEARTBEAT_TIMEOUT_SECONDS * 1000,
  };

  // Idle time computes the features the next jobs read; a job takes the CPU after one chunk.
  const warmer: FeatureWarmer | null = config.TRAIN_WARM_FEATURES ? startFeatureWarmer(deps, { idleMs: 30_000 }) : null;
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => (warmer ? warmer.exclusive(work) : work());

  await boss.work<TrainJobData>(
    TRAIN_QUEUE,
    { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true },
    ([job]) =>
      exclusive(async () => {
        const jobLog = log.child({ trainingJobId: job.data.trainingJobId });
        watchdog.watch(job.data.trainingJobId);
        try {
          const result = await runTrainingJob({ ...deps, log: jobLog }, job.data.trainingJobId);
          jobLog.info(result, 'training job succeeded');
        } catch (e) {
          const final = job.retryCount >= job.retryLimit;
          const message = (e as Error).message;
          jobLog.error({ err: e, final }, 'training job failed');
          const row = await getTrainingJobOrThrow(db, job.data.trainingJobId);
          await failAttempt({ ...deps, log: jobLog }, row, message, final);
          await notifyEvent(pool, {
            projectId: job.data.projectId,
            event: { type: 'training.failed', trainingJobId: job.data.trainingJobId, error: message, final },
          }).catch(() => {});
          throw e; // pg-boss retries it while attempts remain
        } finally {
          watchdog.watch(null);
        }
        // Labels that arrived during the run may already cross the threshold again.
        await maybeQueueTraining({ db, pool, boss }, job.data.projectId).catch((err: unknown) =>
          jobLog.warn({ err }, 'threshold re-check failed'),
        );
      }),
  );

  await registerExplainWorker(boss, { ...deps, exclusive });
  const runSweep = () => void sweepStrandedJobs(sweepDeps).catch((err: unknown) => log.warn({ err }, 'sweep failed'));
  // At once: a job this trainer's previous life left behind goes back to the queue now.
  runSweep();
  const sweep = setInterval(runSweep, 10_000);
  log.info({ workerId: deps.workerId }, 'waiting for jobs');
  process.send?.('ready'); // npm start prints its banner after this

  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(sweep);
    await warmer?.stop().catch(() => {});
    await watchdog.stop().catch(() => {});
    await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => {});
    await pool.end();
    await db.$disconnect();
    await database.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // Started by the app server with an IPC channel: when that server dies, so does this trainer
  // (the restarted server starts a new one).
  if (process.send) process.on('disconnect', () => void stop());
}

main().catch((err: unknown) => {
  process.stderr.write(`NeuroLoop trainer failed to start: ${(err as Error | undefined)?.stack ?? String(err)}\n`);
  process.exit(1);
});
