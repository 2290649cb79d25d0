import { access } from 'node:fs/promises';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import {
  EXPLAIN_QUEUE,
  ensureExplainQueue,
  explainSingletonKey,
  type ExplainJobData,
} from '@/server/jobs/explain-queue';
import { withLockedExplanation } from '@/server/store/explanations';
import type { Db, SqlPool } from '@/server/store/handle';
import {
  findExplanationTargetOrThrow,
  toExplanationView,
  type ExplanationTargetArgs,
  type ExplanationView,
} from './get-explanation';

export interface RequestExplanationResult {
  explanation: ExplanationView;
  /** True when the finished heatmap was already there (no job queued). */
  cached: boolean;
  /** True when this request added a job (false: cached, or a job for it was already waiting). */
  queued: boolean;
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );

/**
 * Asks for the Grad-CAM of a scan under a model version. A finished one is returned from the
 * cache (the Explanation row, unique per version, scan and class). Otherwise the row is created or
 * reset to QUEUED and a job is sent in the same transaction, keyed by version:scan:class so that
 * concurrent requests queue it once; the trainer NOTIFYs 'explanation.ready' when it is done.
 */
export async function requestExplanation(
  deps: { db: Db; pool: SqlPool; boss: PgBoss; storageDir: string },
  args: ExplanationTargetArgs,
): Promise<RequestExplanationResult> {
  await findExplanationTargetOrThrow(deps.db, args);
  await ensureExplainQueue(deps.boss);
  const key = { modelVersionId: args.modelVersionId, scanId: args.scanId, classIndex: args.classIndex };
  return withLockedExplanation(deps.pool, key, async ({ row: locked, requeue, jobSql }) => {
    let row = locked;
    if (
      row.state === 'SUCCEEDED' &&
      row.heatmapPath &&
      (await exists(path.resolve(deps.storageDir, row.heatmapPath)))
    ) {
      return { explanation: toExplanationView(row), cached: true, queued: false };
    }
    if (row.state === 'FAILED' || row.state === 'SUCCEEDED') {
      // A failure is retried on request; a finished heatmap whose file is gone is recomputed.
      await requeue();
      row = { ...row, state: 'QUEUED', error: null, finishedAt: null, heatmapPath: null };
    }
    // Also for QUEUED and RUNNING rows: the singleton key drops the send while a job waits, and
    // re-queues one whose job was lost (a trainer killed after its last retry).
    const data: ExplainJobData = {
      projectId: args.projectId,
      modelVersionId: args.modelVersionId,
      scanId: args.scanId,
      classIndex: args.classIndex,
    };
    const jobId = await deps.boss.send(EXPLAIN_QUEUE, data, {
      singletonKey: explainSingletonKey(data),
      db: jobSql,
    });
    return { explanation: toExplanationView(row), cached: false, queued: jobId !== null };
  });
}
