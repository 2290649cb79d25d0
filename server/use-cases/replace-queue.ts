import type { Db } from '@/server/db/client';
import { BULK_TRANSACTION, createInChunks } from '@/server/db/create-in-chunks';

export interface QueueEntry {
  scanId: string;
  rank: number;
  score: number | null;
  reason: string;
}

/**
 * Publishes a new ranking of one queue (REVIEW, ADJUDICATION, SUSPECTED_ERROR) as a new
 * generation, atomically: readers pressing "Next" see the old order or the new, never a mix.
 */
export async function replaceQueue(
  db: Db,
  input: {
    projectId: string;
    queue: 'REVIEW' | 'ADJUDICATION' | 'SUSPECTED_ERROR';
    strategy: string;
    entries: QueueEntry[];
  },
): Promise<{ generation: number }> {
  return db.$transaction(async (tx) => {
    const last = await tx.queueItem.findFirst({
      where: { projectId: input.projectId, queue: input.queue },
      orderBy: { generation: 'desc' },
      select: { generation: true },
    });
    const generation = (last?.generation ?? 0) + 1;
    await tx.queueItem.deleteMany({ where: { projectId: input.projectId, queue: input.queue } });
    const rows = input.entries.map((e) => ({
      projectId: input.projectId,
      queue: input.queue,
      strategy: input.strategy,
      generation,
      ...e,
    }));
    await createInChunks(rows, (data) => tx.queueItem.createMany({ data }));
    return { generation };
  }, BULK_TRANSACTION);
}

/** Strategy scores per set of model versions: stored once (a re-run adds nothing). */
export async function saveScores(
  db: Db,
  input: {
    projectId: string;
    strategy: string;
    modelVersionIds: string[];
    scores: { scanId: string; value: number }[];
  },
): Promise<void> {
  const ids = [...input.modelVersionIds].sort();
  const rows = input.scores.map((s) => ({
    projectId: input.projectId,
    scanId: s.scanId,
    strategy: input.strategy,
    value: s.value,
    modelVersionIds: ids,
    versionKey: ids.join('+'),
  }));
  await db.$transaction(
    (tx) => createInChunks(rows, (data) => tx.score.createMany({ data, skipDuplicates: true })),
    BULK_TRANSACTION,
  );
}
