import { randomUUID } from 'node:crypto';
import { Prisma } from '@/generated/prisma/client';
import type { DbOrTx, JsonInput, SqlClient, SqlPool } from './handle';

/** A label snapshot's row as it is inserted. */
export type NewLabelSnapshot = Prisma.LabelSnapshotUncheckedCreateInput;

/**
 * What the job queue (pg-boss) runs its SQL through, so that a job it sends commits or rolls
 * back with the rows written beside it.
 */
export interface JobQueueSql {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

/** Training jobs still QUEUED or RUNNING that went through the queue (they have a queue job id). */
export function findOpenQueuedTrainingJobs(db: DbOrTx) {
  return db.trainingJob.findMany({ where: { state: { in: ['QUEUED', 'RUNNING'] }, queueJobId: { not: null } } });
}

/** The project's latest training jobs, newest first, with who asked and the versions each registered. */
export function findTrainingJobsWithVersions(db: DbOrTx, projectId: string, limit: number) {
  return db.trainingJob.findMany({
    where: { projectId },
    orderBy: { queuedAt: 'desc' },
    take: limit,
    include: {
      requestedBy: { select: { name: true } },
      modelVersions: {
        select: { id: true, kind: true, version: true, state: true, active: true },
        orderBy: { kind: 'asc' },
      },
    },
  });
}

/** A training job by id (a Prisma not-found error when there is none). */
export function findTrainingJobOrThrow(db: DbOrTx, id: string) {
  return db.trainingJob.findUniqueOrThrow({ where: { id } });
}

/** Starts an attempt of the job on `workerId`: RUNNING, its attempt counted. Returns it with its project. */
export function setTrainingJobRunning(db: DbOrTx, id: string, workerId: string) {
  return db.trainingJob.update({
    where: { id },
    data: {
      state: 'RUNNING',
      startedAt: new Date(),
      heartbeatAt: new Date(),
      workerId,
      attempts: { increment: 1 },
      error: null,
      finishedAt: null,
    },
    include: { project: true },
  });
}

/** Stores the job's progress, which is also a heartbeat. */
export async function setTrainingJobProgress(db: DbOrTx, id: string, progress: JsonInput): Promise<void> {
  await db.trainingJob.update({ where: { id }, data: { progress, heartbeatAt: new Date() } });
}

/** Stores the baseline the job's models are reported beside. */
export async function setTrainingJobBaseline(db: DbOrTx, id: string, baseline: JsonInput): Promise<void> {
  await db.trainingJob.update({ where: { id }, data: { baseline } });
}

/** The newest baseline a training job of the project stored, with when that job started. */
export function findLatestTrainingJobBaseline(db: DbOrTx, projectId: string) {
  return db.trainingJob.findFirst({
    where: { projectId, baseline: { not: Prisma.AnyNull } },
    orderBy: { queuedAt: 'desc' },
    select: { id: true, baseline: true, startedAt: true, finishedAt: true },
  });
}

export async function setTrainingJobSucceeded(db: DbOrTx, id: string): Promise<void> {
  await db.trainingJob.update({ where: { id }, data: { state: 'SUCCEEDED', finishedAt: new Date() } });
}

/** Fails the job for good with `error`. */
export async function setTrainingJobFailed(db: DbOrTx, id: string, error: string): Promise<void> {
  await db.trainingJob.update({ where: { id }, data: { state: 'FAILED', error, finishedAt: new Date() } });
}

/** Puts the job back to QUEUED after a failed attempt, keeping `error`. */
export async function setTrainingJobRequeued(db: DbOrTx, id: string, error: string): Promise<void> {
  await db.trainingJob.update({ where: { id }, data: { state: 'QUEUED', error, startedAt: null } });
}

/** Writes the RUNNING job's heartbeat (nothing once it has left RUNNING). */
export async function touchRunningTrainingJob(sql: SqlClient, id: string): Promise<void> {
  await sql.query(`UPDATE "TrainingJob" SET "heartbeatAt" = now() WHERE id = $1 AND state = 'RUNNING'`, [id]);
}

/**
 * Records why the RUNNING job stalled and sets its heartbeat far in the past, so that the
 * next sweep takes it as abandoned at once.
 */
export async function setRunningTrainingJobStalled(sql: SqlClient, id: string, reason: string): Promise<void> {
  await sql.query(
    `UPDATE "TrainingJob" SET error = $2, "heartbeatAt" = to_timestamp(0) WHERE id = $1 AND state = 'RUNNING'`,
    [id, reason],
  );
}

/**
 * In one transaction: inserts a QUEUED training job unless the project has an open one
 * (QUEUED or RUNNING: a partial unique index allows one), sends its queue job through
 * `enqueue` on the same connection, stores that job's id and sets the project's
 * labelsAtLastTraining to `labelCount`. With an open job already there nothing is written
 * and that job's id is returned ('' if it closed meanwhile).
 */
export async function insertQueuedTrainingJob(
  pool: SqlPool,
  job: { projectId: string; trigger: 'THRESHOLD' | 'MANUAL'; requestedById: string | null; labelCount: number },
  enqueue: (trainingJobId: string, sql: JobQueueSql) => Promise<string | null>,
): Promise<{ created: boolean; trainingJobId: string }> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const id = randomUUID();
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "TrainingJob" (id, "projectId", state, trigger, "requestedById", "labelCount")
       VALUES ($1, $2, 'QUEUED', $3, $4, $5)
       ON CONFLICT ("projectId") WHERE state IN ('QUEUED', 'RUNNING') DO NOTHING
       RETURNING id`,
      [id, job.projectId, job.trigger, job.requestedById, job.labelCount],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      const open = await pool.query<{ id: string }>(
        `SELECT id FROM "TrainingJob" WHERE "projectId" = $1 AND state IN ('QUEUED', 'RUNNING')`,
        [job.projectId],
      );
      return { created: false, trainingJobId: open.rows[0]?.id ?? '' };
    }
    const queueJobId = await enqueue(id, {
      executeSql: (text: string, values: unknown[]) => client.query(text, values),
    });
    await client.query(`UPDATE "TrainingJob" SET "queueJobId" = $1 WHERE id = $2`, [queueJobId, id]);
    await client.query(`UPDATE "Project" SET "labelsAtLastTraining" = $1, "updatedAt" = now() WHERE id = $2`, [
      job.labelCount,
      job.projectId,
    ]);
    await client.query('COMMIT');
    return { created: true, trainingJobId: id };
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

// The labels a training run freezes.

/** The project's scans among `scanIds`, with what training reads of them, by id. */
export function findTrainingScans(db: DbOrTx, projectId: string, scanIds: string[]) {
  return db.scan.findMany({
    where: { projectId, id: { in: scanIds } },
    select: { id: true, contentHash: true, previewPath: true, split: true },
    orderBy: { id: 'asc' },
  });
}

export function insertLabelSnapshot(db: DbOrTx, data: NewLabelSnapshot) {
  return db.labelSnapshot.create({ data });
}
