import { createLabelIndex } from '@/lib/imaging/label-index';
import { summarizeOutcomes, type ImportOutcome, type ImportSummary } from '@/lib/imaging/import-report';
import { collectImportItems } from './collect-import-items';
import type { ImportItem, ImportOptions, ImportProgressListener, ScanSink } from './import-port';
import { importOneItem, type ImportContext } from './import-one-item';
import { createScanStorage } from './scan-storage';

/** Imports files and folders (see collectImportItems): the use case behind `neuroloop import`. */
export async function importPaths(paths: string[], options: ImportOptions, sink: ScanSink, onProgress?: ImportProgressListener): Promise<ImportSummary> {
  return importItems(await collectImportItems(paths), options, sink, onProgress);
}

/**
 * Imports items (files on disk or uploaded bytes) a few at a time. Each file ends as
 * imported / duplicate (per frame), rejected with a reason, or skipped; one bad file never
 * stops the rest. Sink or storage failures (database down, disk full) abort the run.
 */
export async function importItems(items: ImportItem[], options: ImportOptions, sink: ScanSink, onProgress?: ImportProgressListener): Promise<ImportSummary> {
  const started = Date.now();
  const ctx: ImportContext = { options, sink, storage: createScanStorage(options.storageDir), labels: createLabelIndex(options.labels ?? []), inflight: new Map() };
  const outcomes: ImportOutcome[][] = new Array(items.length);
  let labelsAttached = 0;
  let done = 0;
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const index = next++;
      try {
        const result = await importOneItem(items[index], ctx);
        outcomes[index] = result.outcomes;
        labelsAttached += result.labelsAttached;
        onProgress?.({ done: ++done, total: items.length, file: items[index].name, outcomes: result.outcomes });
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  if (failure !== undefined) throw failure;
  const summary = summarizeOutcomes(items.length, outcomes.flat(), labelsAttached, Date.now() - started);
  options.logger?.info({ imported: summary.imported, duplicate: summary.duplicate, rejected: summary.rejected, skipped: summary.skipped }, 'import finished');
  return summary;
}
