import { randomUUID } from 'node:crypto';
import type { DbOrTx, SqlPool } from './handle';
import type { JobQueueSql } from './training-jobs';

/** Which explanation: a model version, a scan and the class explained (-1: the predicted one). */
export interface ExplanationKeyColumns {
  modelVersionId: string;
  scanId: string;
  classIndex: number;
}

export interface ExplanationRecord extends ExplanationKeyColumns {
  state: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  layerName: string | null;
  heatmapPath: string | null;
  error: string | null;
  finishedAt: Date | null;
}

/** What `withLockedExplanation` hands its work: the locked row and the transaction's means. */
export interface LockedExplanation {
  row: ExplanationRecord;
  /** Back to QUEUED, its error, finish time and heatmap cleared. */
  requeue(): Promise<void>;
  /** For the job queue to send a job inside this transaction. */
  jobSql: JobQueueSql;
}

export function findExplanation(db: DbOrTx, key: ExplanationKeyColumns) {
  return db.explanation.findUnique({ where: { modelVersionId_scanId_classIndex: key } });
}

/** What computing the explanation needs: its state, its version's artifact and its scan's preview. */
export function findExplanationJob(db: DbOrTx, key: ExplanationKeyColumns) {
  return db.explanation.findUnique({
    where: { modelVersionId_scanId_classIndex: key },
    select: {
      state: true,
      modelVersion: { select: { artifactPath: true, kind: true, version: true } },
      scan: { select: { previewPath: true } },
    },
  });
}

export async function setExplanationRunning(db: DbOrTx, key: ExplanationKeyColumns): Promise<void> {
  await db.explanation.update({
    where: { modelVersionId_scanId_classIndex: key },
    data: { state: 'RUNNING', error: null },
  });
}

export async function setExplanationSucceeded(
  db: DbOrTx,
  key: ExplanationKeyColumns,
  result: { layerName: string; heatmapPath: string },
): Promise<void> {
  await db.explanation.update({
    where: { modelVersionId_scanId_classIndex: key },
    data: {
      state: 'SUCCEEDED',
      layerName: result.layerName,
      heatmapPath: result.heatmapPath,
      error: null,
      finishedAt: new Date(),
    },
  });
}

export async function setExplanationFailed(db: DbOrTx, key: ExplanationKeyColumns, error: string): Promise<void> {
  await db.explanation.update({
    where: { modelVersionId_scanId_classIndex: key },
    data: { state: 'FAILED', error, finishedAt: new Date() },
  });
}

/**
 * In one transaction: inserts the explanation as QUEUED unless it exists, locks its row
 * (FOR UPDATE: concurrent requests for it run one after the other) and hands it to `work`.
 * Commits when `work` returns, rolls back when it throws.
 */
export async function withLockedExplanation<T>(
  pool: SqlPool,
  key: ExplanationKeyColumns,
  work: (locked: LockedExplanation) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `INSERT INTO "Explanation" (id, "modelVersionId", "scanId", "classIndex", state) VALUES ($1, $2, $3, $4, 'QUEUED')
       ON CONFLICT ("modelVersionId", "scanId", "classIndex") DO NOTHING`,
      [randomUUID(), key.modelVersionId, key.scanId, key.classIndex],
    );
    const { rows } = await client.query<ExplanationRecord>(
      `SELECT "modelVersionId", "scanId", "classIndex", state::text AS state, "layerName", "heatmapPath", error, "finishedAt"
       FROM "Explanation" WHERE "modelVersionId" = $1 AND "scanId" = $2 AND "classIndex" = $3 FOR UPDATE`,
      [key.modelVersionId, key.scanId, key.classIndex],
    );
    const result = await work({
      row: rows[0],
      requeue: async () => {
        await client.query(
          `UPDATE "Explanation" SET state = 'QUEUED', error = NULL, "finishedAt" = NULL, "heatmapPath" = NULL
           WHERE "modelVersionId" = $1 AND "scanId" = $2 AND "classIndex" = $3`,
          [key.modelVersionId, key.scanId, key.classIndex],
        );
      },
      jobSql: { executeSql: (text: string, values: unknown[]) => client.query(text, values) },
    });
    await client.query('COMMIT');
    return result;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}
