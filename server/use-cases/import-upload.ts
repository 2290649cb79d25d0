import path from 'node:path';
import { Semaphore } from '@/lib/concurrency/semaphore';
import { AppError } from '@/lib/errors/app-error';
import { importSplitSchema } from '@/lib/imaging/import-report';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { receiveUpload } from '@/server/imaging/receive-upload';
import type { Services } from '@/server/services';
import { importScans } from './import-scans';

/** The labels CSV of an upload at most. */
const MAX_LABELS_BYTES = 32 * 1024 * 1024;
/** Headers and a little more above the pixel limit's 8 bytes a pixel. */
const FILE_OVERHEAD_BYTES = 16 * 1024 * 1024;

/**
 * An upload from the import page: a slot among IMPORT_MAX_CONCURRENT (else
 * TOO_MANY_REQUESTS at once), the files streamed to a temporary folder within the
 * upload limits (receiveUpload), imported from there with progress published to the
 * project, and the folder removed whatever happens.
 */
export async function importUpload(
  services: Services,
  input: { projectId: string; userId: string; body: ReadableStream<Uint8Array> | null; contentType: string | null },
) {
  const { config, log } = services;
  services.importSlots ??= new Semaphore(config.IMPORT_MAX_CONCURRENT);
  const release = services.importSlots.tryAcquire();
  if (!release)
    throw new AppError({
      code: 'TOO_MANY_REQUESTS',
      message: `The server is already running ${config.IMPORT_MAX_CONCURRENT} imports; try again when one has finished.`,
    });
  try {
    const upload = await receiveUpload(
      input.body,
      input.contentType,
      {
        maxBytes: config.IMPORT_MAX_UPLOAD_BYTES,
        maxFiles: config.IMPORT_MAX_FILES,
        maxFileBytes: config.IMPORT_MAX_PIXELS * 8 + FILE_OVERHEAD_BYTES,
        maxLabelsBytes: MAX_LABELS_BYTES,
      },
      path.join(config.dataDir, 'uploads'),
    );
    try {
      if (upload.items.length === 0) throw new AppError({ code: 'BAD_REQUEST', message: 'No files in the upload.' });
      const split = importSplitSchema.parse(upload.split ?? 'auto');
      const labels = upload.labelsCsv === null ? undefined : parseLabelsCsv(upload.labelsCsv);
      log.info({ files: upload.items.length, bytes: upload.bytesRead }, 'upload received');
      return await importReceived(services, { ...input, items: upload.items, split, labels });
    } finally {
      await upload.remove();
    }
  } finally {
    release();
  }
}

async function importReceived(
  services: Services,
  input: {
    projectId: string;
    userId: string;
    items: Parameters<typeof importScans>[1]['items'];
    split: Parameters<typeof importScans>[1]['split'];
    labels: Parameters<typeof importScans>[1]['labels'];
  },
) {
  const { config, db, log } = services;
  const { projectId, userId } = input;
  let lastPublish = 0;
  const summary = await importScans(
    db,
    {
      projectId,
      userId,
      items: input.items,
      split: input.split,
      labels: input.labels,
      storageDir: config.storageDir,
      maxPixels: config.IMPORT_MAX_PIXELS,
      workers: config.IMPORT_WORKERS,
    },
    {
      log,
      onProgress: (p) => {
        const now = Date.now();
        if (now - lastPublish < 100 && p.done < p.total) return;
        lastPublish = now;
        services.publish?.(projectId, {
          type: 'import.progress',
          batchId: p.batchId,
          done: p.done,
          total: p.total,
          file: p.file,
          userId,
        });
      },
    },
  );
  services.publish?.(projectId, {
    type: 'import.finished',
    batchId: summary.batchId,
    imported: summary.imported,
    duplicate: summary.duplicate,
    rejected: summary.rejected,
    userId,
  });
  services.afterLabels?.(projectId);
  return summary;
}
