import { isAppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/db/client';
import type { PacsContext } from '@/server/pacs/pacs-context';
import {
  importPacsSeries,
  type ImportPacsSeriesInput,
  type PacsImportProgress,
  type PacsSeriesImportResult,
} from './import-pacs-series';

export type ImportPacsSeriesListInput = Omit<ImportPacsSeriesInput, 'studyInstanceUid' | 'seriesInstanceUid'> & {
  series: { studyInstanceUid: string; seriesInstanceUid: string }[];
};

/** Several series, one after another: a series that fails is reported and the others go on. */
export async function importPacsSeriesList(
  db: Db,
  ctx: PacsContext,
  input: ImportPacsSeriesListInput,
  onProgress?: (p: PacsImportProgress) => void,
): Promise<PacsSeriesImportResult[]> {
  const results: PacsSeriesImportResult[] = [];
  let stopped: string | null = null;
  for (const s of input.series) {
    const failed = (error: string): PacsSeriesImportResult => ({
      seriesInstanceUid: s.seriesInstanceUid,
      state: 'failed',
      instances: 0,
      imported: 0,
      duplicates: 0,
      failures: [],
      error,
    });
    if (stopped) {
      results.push(failed(`not tried: ${stopped}`));
      continue;
    }
    try {
      results.push(await importPacsSeries(db, ctx, { ...input, ...s }, onProgress));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      results.push(failed(message));
      // The PACS is down or refuses us (after retries): the next series would fail the same way.
      if (isAppError(e) && (e.code === 'UPSTREAM' || e.code === 'FORBIDDEN')) stopped = message;
    }
  }
  return results;
}
