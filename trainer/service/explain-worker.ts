import path from 'node:path';
import type PgBoss from 'pg-boss';
import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/db/client';
import { notifyEvent } from '@/server/events/notify';
import { writeFileAtomic } from '@/server/imaging/atomic-write';
import { readPreview } from '@/server/imaging/preview-file';
import {
  EXPLAIN_QUEUE,
  encodeHeatmapFile,
  ensureExplainQueue,
  explainJobDataSchema,
  heatmapRelativePath,
  type ExplainJobData,
} from '@/server/jobs/explain-queue';
import type { Logger } from '@/server/logger';
import type { SqlPool } from '@/server/store/handle';
import { getExplanationJob } from '@/server/use-cases/get-explanation-job';
import {
  markExplanationFailed,
  markExplanationRunning,
  markExplanationSucceeded,
} from '@/server/use-cases/update-explanation';
import { classifierCache, type ClassifierCache } from '@/trainer/explain/classifier-cache';
import { explainImage } from '@/trainer/explain/grad-cam';

export interface ExplainWorkerDeps {
  db: Db;
  /** For NOTIFY (the app servers relay 'explanation.ready' / 'explanation.failed' to the project). */
  pool: SqlPool;
  log: Logger;
  storageDir: string;
  /** Model versions kept loaded between jobs (default 2). */
  loadedModels?: number;
  /** Runs each job with the trainer's idle work held off (trainer/service/feature-warmer.ts). */
  exclusive?: <T>(work: () => Promise<T>) => Promise<T>;
}

/**
 * Works the Grad-CAM queue in the trainer process (trainer/main.ts):
 *   await registerExplainWorker(boss, deps);
 * One job at a time: load the version (cached), compute the heatmap of the scan's preview,
 * write it under explanations/<versionId>/, mark the row, and notify the project.
 */
export async function registerExplainWorker(boss: PgBoss, deps: ExplainWorkerDeps): Promise<string> {
  await ensureExplainQueue(boss);
  const models = classifierCache(deps.loadedModels ?? 2);
  return boss.work<ExplainJobData>(EXPLAIN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1 }, async ([job]) => {
    const data = explainJobDataSchema.parse(job.data);
    const run = () => runExplainJob(deps, models, data);
    await (deps.exclusive ? deps.exclusive(run) : run());
  });
}

/** One explanation job (exported for tests). Failures are stored on the row, not retried: re-requesting retries. */
export async function runExplainJob(
  deps: ExplainWorkerDeps,
  models: ClassifierCache,
  data: ExplainJobData,
): Promise<'done' | 'skipped' | 'failed'> {
  const key = { modelVersionId: data.modelVersionId, scanId: data.scanId, classIndex: data.classIndex };
  const log = deps.log.child(key);
  const row = await getExplanationJob(deps.db, key);
  // Computed meanwhile (a duplicate job), or the version or scan was deleted.
  if (!row || row.state === 'SUCCEEDED') return 'skipped';
  await markExplanationRunning(deps.db, key);
  const notify = (event: { type: 'explanation.ready' } | { type: 'explanation.failed'; error: string }) =>
    notifyEvent(deps.pool, { projectId: data.projectId, event: { ...event, ...key } }).catch((err: unknown) =>
      log.warn({ err }, 'notify failed'),
    );
  try {
    const started = performance.now();
    const artifactPath = row.modelVersion.artifactPath;
    if (!artifactPath)
      throw new AppError({
        code: 'CONFLICT',
        message: `${row.modelVersion.kind} v${row.modelVersion.version} has no trained artifact.`,
      });
    const classifier = await models.get(data.modelVersionId, path.resolve(deps.storageDir, artifactPath));
    const image = await readPreview(path.resolve(deps.storageDir, row.scan.previewPath));
    const explained = explainImage(classifier, image, data.classIndex >= 0 ? { classIndex: data.classIndex } : {});
    const heatmapPath = heatmapRelativePath(data.modelVersionId, data.scanId, data.classIndex);
    await writeFileAtomic(path.resolve(deps.storageDir, heatmapPath), encodeHeatmapFile(explained));
    await markExplanationSucceeded(deps.db, key, { layerName: explained.layerName, heatmapPath });
    log.info(
      { layer: explained.layerName, classIndex: explained.classIndex, ms: Math.round(performance.now() - started) },
      'explanation computed',
    );
    await notify({ type: 'explanation.ready' });
    return 'done';
  } catch (e) {
    const message = (e as Error).message ?? String(e);
    log.error({ err: e }, 'explanation failed');
    await markExplanationFailed(deps.db, key, message.slice(0, 500)).catch((err: unknown) =>
      log.warn({ err }, 'could not mark the explanation failed'),
    );
    await notify({ type: 'explanation.failed', error: message.slice(0, 200) });
    return 'failed';
  }
}
