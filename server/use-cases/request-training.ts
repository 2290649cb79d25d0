import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { TRAIN_QUEUE, type TrainJobData } from '@/server/jobs/boss';

export interface RequestTrainingInput {
  projectId: string;
  trigger: 'THRESHOLD' | 'MANUAL';
  requestedById?: string | null;
  /** Training-usable labels at the time of the request (the next threshold counts from here). */
  labelCount: number;
}

/**
 * Queues one training job for a project, exactly once however many app servers ask at
 * the same moment: the TrainingJob row (one open job per project, a partial unique index)
 * and the pg-boss job are written in one transaction. When a job is already queued or
 * running, nothing is added: that run (or the next crossing after it) takes the new labels.
 */
export async function requestTraining(
  deps: { pool: pg.Pool; boss: PgBoss },
  input: RequestTrainingInput,
): Promise<{ created: boolean; trainingJobId: string }> {
  const client = await deps.pool.connect();
  try {
    await client.query('BEGIN');
    const id = randomUUID();
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO "TrainingJob" (id, "projectId", state, trigger, "requestedById", "labelCount")
       VALUES ($1, $2, 'QUEUED', $3, $4, $5)
       ON CONFLICT ("projectId") WHERE state IN ('QUEUED', 'RUNNING') DO NOTHING
       RETURNING id`,
      [id, input.projectId, input.trigger, input.requestedById ?? null, input.labelCount],
    );
    if (inserted.rowCount === 0) {
      await client.query('ROLLBACK');
      const open = await deps.pool.query<{ id: string }>(
        `SELECT id FROM "TrainingJob" WHERE "projectId" = $1 AND state IN ('QUEUED', 'RUNNING')`,
        [input.projectId],
      );
      return { created: false, trainingJobId: open.rows[0]?.id ?? '' };
    }
    const data: TrainJobData = { trainingJobId: id, projectId: input.projectId };
    const bossJobId = await deps.boss.send(TRAIN_QUEUE, data, {
      db: { executeSql: (text: string, values: unknown[]) => client.query(text, values) },
    });
    await client.query(`UPDATE "TrainingJob" SET "queueJobId" = $1 WHERE id = $2`, [bossJobId, id]);
    await client.query(`UPDATE "Project" SET "labelsAtLastTraining" = $1, "updatedAt" = now() WHERE id = $2`, [
      input.labelCount,
      input.projectId,
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
