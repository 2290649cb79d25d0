import type { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';

/**
 * The training-job lifecycle (a typed union in the database: see the guards migration):
 * QUEUED → RUNNING → SUCCEEDED | FAILED, back to QUEUED between retries.
 */
export async function markTrainingJobRunning(db: Db, id: string, workerId: string) {
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

export async function recordTrainingProgress(db: Db, id: string, progress: Prisma.InputJsonValue) {
  await db.trainingJob.update({ where: { id }, data: { progress, heartbeatAt: new Date() } });
}

export async function markTrainingJobSucceeded(db: Db, id: string) {
  await db.trainingJob.update({ where: { id }, data: { state: 'SUCCEEDED', finishedAt: new Date() } });
}

/** A failed attempt: back to QUEUED while retries remain (the error kept), else FAILED for good. */
export async function markTrainingJobFailed(db: Db, id: string, error: string, final: boolean) {
  await db.trainingJob.update({
    where: { id },
    data: final ? { state: 'FAILED', error, finishedAt: new Date() } : { state: 'QUEUED', error, startedAt: null },
  });
}
