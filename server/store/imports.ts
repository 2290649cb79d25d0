import type { DbOrTx, JsonInput } from './handle';

export type { ImportBatch } from '@/generated/prisma/client';

/** The label set an import's prior labels are checked against. */
export function findProjectLabelsOrThrow(db: DbOrTx, projectId: string): Promise<{ labels: string[] }> {
  return db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { labels: true },
  });
}

/** Opens an import batch, running from now. */
export function insertImportBatch(db: DbOrTx, batch: { projectId: string; userId: string | null }) {
  return db.importBatch.create({
    data: { projectId: batch.projectId, userId: batch.userId, state: 'RUNNING' },
  });
}

export async function setImportBatchSucceeded(
  db: DbOrTx,
  id: string,
  counts: { imported: number; duplicates: number; rejected: number; summary: JsonInput },
): Promise<void> {
  await db.importBatch.update({
    where: { id },
    data: {
      state: 'SUCCEEDED',
      imported: counts.imported,
      duplicates: counts.duplicates,
      rejected: counts.rejected,
      summary: counts.summary,
      finishedAt: new Date(),
    },
  });
}

export async function setImportBatchFailed(db: DbOrTx, id: string, error: string): Promise<void> {
  await db.importBatch.update({
    where: { id },
    data: { state: 'FAILED', summary: { error }, finishedAt: new Date() },
  });
}

/** The labelled scans counted at the last training: the retrain threshold counts from here. */
export async function setLabelsAtLastTraining(db: DbOrTx, projectId: string, count: number): Promise<void> {
  await db.project.update({ where: { id: projectId }, data: { labelsAtLastTraining: count } });
}
