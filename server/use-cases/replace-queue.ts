import { BULK_TRANSACTION } from '@/server/db/create-in-chunks';
import { inTransaction, type Db } from '@/server/store/handle';
import { insertScores } from '@/server/store/models';
import { deleteQueueItems, findLastQueueGeneration, insertQueueItems } from '@/server/store/queue';

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
  return inTransaction(
    db,
    async (tx) => {
      const last = await findLastQueueGeneration(tx, input.projectId, input.queue);
      const generation = (last?.generation ?? 0) + 1;
      await deleteQueueItems(tx, input.projectId, input.queue);
      const rows = input.entries.map((e) => ({
        projectId: input.projectId,
        queue: input.queue,
        strategy: input.strategy,
        generation,
        ...e,
      }));
      await insertQueueItems(tx, rows);
      return { generation };
    },
    BULK_TRANSACTION,
  );
}

/** Scores of one measure per set of model versions: stored once (a re-run adds nothing). */
export async function saveScores(
  db: Db,
  input: {
    projectId: string;
    /** What the scores measure: the strategy's name for its own scores. */
    measure: string;
    modelVersionIds: string[];
    scores: { scanId: string; value: number }[];
  },
): Promise<void> {
  const ids = [...input.modelVersionIds].sort();
  const rows = input.scores.map((s) => ({
    projectId: input.projectId,
    scanId: s.scanId,
    measure: input.measure,
    value: s.value,
    modelVersionIds: ids,
    versionKey: ids.join('+'),
  }));
  await inTransaction(db, (tx) => insertScores(tx, rows), BULK_TRANSACTION);
}
