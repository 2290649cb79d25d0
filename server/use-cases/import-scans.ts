import type { ImportProgress, ImportSplit, ImportSummary } from '@/lib/imaging/import-report';
import type { LabelRow } from '@/lib/imaging/labels-csv';
import type { Db, JsonInput } from '@/server/store/handle';
import type { Logger } from '@/server/logger';
import { createPrismaScanSink } from '@/server/db/prisma-scan-sink';
import type { ImportItem } from '@/server/imaging/import-port';
import { importItems, importPaths } from '@/server/imaging/import-paths';
import {
  findProjectLabelsOrThrow,
  insertImportBatch,
  setImportBatchFailed,
  setImportBatchSucceeded,
} from '@/server/store/imports';
import { ensureImportIdentity } from './ensure-import-identity';
import { recordAuditEvent } from './record-audit-event';

export interface ImportScansInput {
  projectId: string;
  userId: string | null;
  /** Folders or files on this machine (CLI), or uploaded items (the upload page). */
  paths?: string[];
  items?: ImportItem[];
  split: ImportSplit;
  labels?: LabelRow[];
  storageDir: string;
  maxPixels: number;
  concurrency?: number;
  /** Decode worker threads (default: the cores available; 0 = on this thread). */
  workers?: number;
}

/** One import batch: files in, scans and prior labels stored, a summary kept on the batch. */
export async function importScans(
  db: Db,
  input: ImportScansInput,
  deps: { log?: Logger; onProgress?: (p: ImportProgress & { batchId: string }) => void } = {},
): Promise<ImportSummary & { batchId: string }> {
  const { labels: projectLabels } = await findProjectLabelsOrThrow(db, input.projectId);
  const batch = await insertImportBatch(db, { projectId: input.projectId, userId: input.userId });
  const sink = createPrismaScanSink(db, {
    projectId: input.projectId,
    importerId: input.userId,
    labelAuthorId: await ensureImportIdentity(db),
    importBatchId: batch.id,
  });
  const options = {
    storageDir: input.storageDir,
    maxPixels: input.maxPixels,
    split: input.split,
    labels: input.labels,
    projectLabels,
    concurrency: input.concurrency,
    workers: input.workers,
    importBatchId: batch.id,
    logger: deps.log,
  };
  const onProgress = (p: ImportProgress) => deps.onProgress?.({ ...p, batchId: batch.id });
  try {
    const summary = input.items
      ? await importItems(input.items, options, sink, onProgress)
      : await importPaths(input.paths ?? [], options, sink, onProgress);
    await setImportBatchSucceeded(db, batch.id, {
      imported: summary.imported,
      duplicates: summary.duplicate,
      rejected: summary.rejected,
      summary: summary.outcomes as unknown as JsonInput,
    });
    await recordAuditEvent(db, {
      actorId: input.userId,
      projectId: input.projectId,
      action: 'scans.import',
      subject: batch.id,
      details: { imported: summary.imported, duplicate: summary.duplicate, rejected: summary.rejected },
    });
    return { ...summary, batchId: batch.id };
  } catch (e) {
    await setImportBatchFailed(db, batch.id, (e as Error).message);
    throw e;
  }
}
