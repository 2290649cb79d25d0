import { createLabelIndex } from '@/lib/imaging/label-index';
import { summarizeOutcomes, type ImportOutcome, type ImportSummary } from '@/lib/imaging/import-report';
import { collectImportItems } from './collect-import-items';
import type { ImportItem, ImportOptions, ImportProgressListener, ScanSink } from './import-port';
import { importOneItem, type ImportContext, type ItemTurn } from './import-one-item';
import { createInlineDecoder, sharedDecodePool } from './decode-pool';

/** Imports files and folders (see collectImportItems): the use case behind `neuroloop import`. */
export async function importPaths(
  paths: string[],
  options: ImportOptions,
  sink: ScanSink,
  onProgress?: ImportProgressListener,
): Promise<ImportSummary> {
  return importItems(await collectImportItems(paths), options, sink, onProgress);
}

/**
 * Imports items (files on disk or uploaded bytes) a few at a time: decode workers read,
 * decode, hash and encode them and store new scans' files (see decode-task); this thread
 * claims content hashes and writes the rows.
 * Each file ends as imported / duplicate (per frame), rejected with a reason, or skipped;
 * one bad file never stops the rest. Sink or storage failures (database down, disk full) abort the run.
 */
export async function importItems(
  items: ImportItem[],
  options: ImportOptions,
  sink: ScanSink,
  onProgress?: ImportProgressListener,
): Promise<ImportSummary> {
  const started = Date.now();
  const decoder = options.workers === 0 ? createInlineDecoder() : sharedDecodePool(options.workers);
  const ctx: ImportContext = {
    options,
    sink,
    labels: createLabelIndex(options.labels ?? []),
    decoder,
    inflight: new Map(),
  };
  const outcomes: ImportOutcome[][] = new Array(items.length);
  let labelsAttached = 0;
  let done = 0;
  let next = 0;
  let failure: unknown;
  const turns = createTurns(items.length);
  const worker = async () => {
    while (next < items.length && failure === undefined) {
      const index = next++;
      try {
        const result = await importOneItem(items[index], ctx, turns.of(index));
        outcomes[index] = result.outcomes;
        labelsAttached += result.labelsAttached;
        onProgress?.({ done: ++done, total: items.length, file: items[index].name, outcomes: result.outcomes });
      } catch (e) {
        failure ??= e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? Math.max(4, 2 * decoder.size)) }, worker));
  if (failure !== undefined) throw failure;
  const summary = summarizeOutcomes(items.length, outcomes.flat(), labelsAttached, Date.now() - started);
  const { imported, duplicate, rejected, skipped } = summary;
  options.logger?.info(
    { imported, duplicate, rejected, skipped, decodeWorkers: decoder.size, durationMs: summary.durationMs },
    'import finished',
  );
  return summary;
}

/** Item i's turn comes once items 0..i-1 have passed theirs (see ItemTurn). */
function createTurns(count: number): { of(index: number): ItemTurn } {
  const resolvers: (() => void)[] = new Array(count);
  const passed = Array.from({ length: count }, (_, i) => new Promise<void>((resolve) => (resolvers[i] = resolve)));
  const before = (index: number) => (index === 0 ? Promise.resolve() : passed[index - 1]);
  return { of: (index) => ({ wait: () => before(index), pass: () => void before(index).then(resolvers[index]) }) };
}
