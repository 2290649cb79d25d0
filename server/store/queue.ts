import type { QueueKind } from '@/generated/prisma/client';
import { insertUnnest, type BulkColumn } from '@/server/db/insert-unnest';
import type { DbOrTx } from './handle';

export type { QueueKind } from '@/generated/prisma/client';
/** A queue item's row as it is inserted. */
export interface NewQueueItem {
  projectId: string;
  scanId: string;
  queue: QueueKind;
  rank: number;
  strategy: string;
  score: number | null;
  reason: string;
  generation: number;
}

/** The queue's latest generation number in the project, if it has items. */
export function findLastQueueGeneration(db: DbOrTx, projectId: string, queue: QueueKind) {
  return db.queueItem.findFirst({
    where: { projectId, queue },
    orderBy: { generation: 'desc' },
    select: { generation: true },
  });
}

export async function deleteQueueItems(db: DbOrTx, projectId: string, queue: QueueKind): Promise<void> {
  await db.queueItem.deleteMany({ where: { projectId, queue } });
}

/** Inserts queue items. */
export async function insertQueueItems(db: DbOrTx, rows: readonly NewQueueItem[]): Promise<void> {
  await insertUnnest(db, 'QueueItem', queueItemColumns, rows, { id: true });
}

const queueItemColumns: BulkColumn<NewQueueItem>[] = [
  { name: 'projectId', type: 'text', value: (r) => r.projectId },
  { name: 'scanId', type: 'text', value: (r) => r.scanId },
  { name: 'queue', type: '"QueueKind"', value: (r) => r.queue },
  { name: 'rank', type: 'int4', value: (r) => r.rank },
  { name: 'strategy', type: 'text', value: (r) => r.strategy },
  { name: 'score', type: 'float8', value: (r) => r.score },
  { name: 'reason', type: 'text', value: (r) => r.reason },
  { name: 'generation', type: 'int4', value: (r) => r.generation },
];

/** When each of these scans was last served to a reader. */
export function findScansLastServedAt(db: DbOrTx, scanIds: string[]) {
  return db.scan.findMany({
    where: { id: { in: scanIds } },
    select: { id: true, lastServedAt: true },
  });
}
