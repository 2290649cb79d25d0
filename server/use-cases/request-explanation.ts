import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Db } from '@/server/db/client';
import {
  EXPLAIN_QUEUE,
  ensureExplainQueue,
  explainSingletonKey,
  type ExplainJobData,
} from '@/server/jobs/explain-queue';
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

interface Row {
  modelVersionId: string;
  scanId: string;
  classIndex: number;
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  layerName: string | null;
  heatmapPath: string | null;
  error: string | null;
  finishedAt: Date | null;
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
  deps: { db: Db; pool: pg.Pool; boss: PgBoss; storageDir: string },
  args: ExplanationTargetArgs,
): Promise<RequestExplanationResult> {
  await findExplanationTargetOrThrow(deps.db, args);
  await ensureExplainQueue(deps.boss);
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "Explanation" (id, "modelVersionId", "scanId", "classIndex", state) VALUES ($1, $2, $3, $4, 'QUEUED')
       ON CONFLICT ("modelVersionId", "scanId", "classIndex") DO NOTHING`,
      [randomUUID(), args.modelVersionId, args.scanId, args.classIndex],
    );
    const { rows } = await client.query<Row>(
      `SELECT "modelVersionId", "scanId", "classIndex", state::text AS state, "layerName", "heatmapPath", error, "finishedAt"
       FROM "Explanation" WHERE "modelVersionId" = $1 AND "scanId" = $2 AND "classIndex" = $3 FOR UPDATE`,
      [args.modelVersionId, args.scanId, args.classIndex],
    );
    let row = rows[0];
    if (
      row.state === 'SUCCEEDED' &&
      row.heatmapPath &&
      (await exists(path.resolve(deps.storageDir, row.heatmapPath)))
    ) {
      await client.query('COMMIT');
      return { explanation: toExplanationView(row), cached: true, queued: false };
    }
    if (row.state === 'FAILED' || row.state === 'SUCCEEDED') {
      // A failure is retried on request; a finished heatmap whose file is gone is recomputed.
      await client.query(
        `UPDATE "Explanation" SET state = 'QUEUED', error = NULL, "finishedAt" = NULL, "heatmapPath" = NULL
         WHERE "modelVersionId" = $1 AND "scanId" = $2 AND "classIndex" = $3`,
        [args.modelVersionId, args.scanId, args.classIndex],
      );
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
      db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) },
    });
    await client.query('COMMIT');
    return { explanation: toExplanationView(row), cached: false, queued: jobId !== null };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
