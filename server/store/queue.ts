import type { Prisma, QueueKind } from '@/generated/prisma/client';
import { createInChunks } from '@/server/db/create-in-chunks';
import type { DbOrTx } from './handle';

export type { QueueKind } from '@/generated/prisma/client';
/** A queue item's row as it is inserted. */
export type NewQueueItem = Prisma.QueueItemCreateManyInput;

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

/** Inserts queue items in chunks. */
export async function insertQueueItems(db: DbOrTx, rows: readonly NewQueueItem[]): Promise<void> {
  await createInChunks(rows, (data) => db.queueItem.createMany({ data }));
}

/** When each of these scans was last served to a reader. */
export function findScansLastServedAt(db: DbOrTx, scanIds: string[]) {
  return db.scan.findMany({
    where: { id: { in: scanIds } },
    select: { id: true, lastServedAt: true },
  });
}
