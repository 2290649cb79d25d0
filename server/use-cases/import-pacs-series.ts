import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '@/lib/errors/app-error';
import type { ImportSplit } from '@/lib/imaging/import-report';
import type { PacsInstanceFailure } from '@/lib/pacs/series-row';
import type { Db } from '@/server/store/handle';
import { claimSeries } from '@/server/pacs/claim-series';
import { downloadSeries, listSeriesInstances } from '@/server/pacs/download-series';
import { connectSource, type PacsContext } from '@/server/pacs/pacs-context';
import { findPacsSeriesByIdOrThrow, setPacsSeriesFinished } from '@/server/store/pacs';
import { getPacsSourceOrThrow } from './get-pacs-source-or-throw';
import { importScans } from './import-scans';

export interface ImportPacsSeriesInput {
  projectId: string;
  userId: string | null;
  sourceId: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  /** Import again a series already imported whole (its scans stay one: same pixels, same scan). */
  again?: boolean;
  split?: ImportSplit;
  storageDir: string;
  maxPixels: number;
  workers?: number;
}

export type PacsImportProgress = {
  seriesInstanceUid: string;
  phase: 'download' | 'import';
  done: number;
  total: number;
};

export interface PacsSeriesImportResult {
  seriesInstanceUid: string;
  /** imported: whole, or with `failures` the PACS sent but NeuroLoop cannot read; failed: nothing imported. */
  state: 'imported' | 'already-imported' | 'failed';
  instances: number;
  imported: number;
  duplicates: number;
  failures: PacsInstanceFailure[];
  error?: string;
  batchId?: string;
}

/**
 * One series from a PACS through the project's importer (same de-identification, storage and
 * duplicate rules; the scans share the series' seriesKey). Every instance is downloaded first:
 * if one cannot be (after retries), nothing is imported and the series is retried later; files
 * the importer refuses (an unsupported transfer syntax, a corrupt file) are listed with reasons.
 */
export async function importPacsSeries(
  db: Db,
  ctx: PacsContext,
  input: ImportPacsSeriesInput,
  onProgress: (p: PacsImportProgress) => void = () => undefined,
): Promise<PacsSeriesImportResult> {
  const source = await getPacsSourceOrThrow(db, input.projectId, input.sourceId);
  const uids = { study: input.studyInstanceUid, series: input.seriesInstanceUid };
  const claim = await claimSeries(
    db,
    { sourceId: source.id, studyInstanceUid: uids.study, seriesInstanceUid: uids.series },
    { again: input.again },
  );
  if (claim.status === 'done') {
    const row = await findPacsSeriesByIdOrThrow(db, claim.id);
    return {
      seriesInstanceUid: uids.series,
      state: 'already-imported',
      instances: row.instances,
      imported: 0,
      duplicates: 0,
      failures: [],
    };
  }
  const log = ctx.log.child({ source: source.name, seriesInstanceUid: uids.series });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nl-pacs-'));
  try {
    const client = connectSource(ctx, source);
    const sops = await listSeriesInstances(client, uids);
    if (sops.length === 0)
      throw new AppError({ code: 'UPSTREAM', message: `The PACS lists no instances in series ${uids.series}.` });
    const progress = (phase: PacsImportProgress['phase']) => (done: number, total: number) =>
      onProgress({ seriesInstanceUid: uids.series, phase, done, total });
    const downloaded = await downloadSeries(
      client,
      { ...uids, sops, dir, concurrency: ctx.downloadConcurrency },
      progress('download'),
    );
    if (downloaded.failures.length > 0) {
      const error = `${downloaded.failures.length} of ${sops.length} instances could not be downloaded; nothing was imported (the series is tried again at the next import or sync). First: ${downloaded.failures[0].message}`;
      await setPacsSeriesFinished(db, claim.id, {
        state: 'FAILED',
        instances: sops.length,
        failures: downloaded.failures,
        error,
      });
      log.warn({ failed: downloaded.failures.length, instances: sops.length }, 'PACS series download incomplete');
      return {
        seriesInstanceUid: uids.series,
        state: 'failed',
        instances: sops.length,
        imported: 0,
        duplicates: 0,
        failures: downloaded.failures,
        error,
      };
    }
    const sopOfName = new Map<string, string>();
    const items = downloaded.files.map((f) => {
      const name = `pacs/${uids.series}/${f.sopInstanceUid}.dcm`;
      sopOfName.set(name, f.sopInstanceUid);
      return { name, filePath: f.filePath };
    });
    const summary = await importScans(
      db,
      {
        projectId: input.projectId,
        userId: input.userId,
        items,
        split: input.split ?? 'pool',
        storageDir: input.storageDir,
        maxPixels: input.maxPixels,
        workers: input.workers,
      },
      { log, onProgress: (p) => progress('import')(p.done, p.total) },
    );
    const failures: PacsInstanceFailure[] = summary.outcomes.flatMap((o) =>
      o.status === 'rejected'
        ? [{ sopInstanceUid: sopOfName.get(o.file) ?? o.file, reason: o.reason, message: o.message }]
        : [],
    );
    const nothing = summary.imported + summary.duplicate === 0;
    const error = nothing
      ? `No instance of the series could be imported. First: ${failures[0]?.message ?? 'none'}`
      : null;
    await setPacsSeriesFinished(db, claim.id, {
      state: nothing ? 'FAILED' : 'SUCCEEDED',
      instances: sops.length,
      imported: summary.imported,
      duplicates: summary.duplicate,
      failures,
      error,
      importBatchId: summary.batchId,
    });
    log.info(
      { instances: sops.length, imported: summary.imported, duplicate: summary.duplicate, failed: failures.length },
      'PACS series imported',
    );
    return {
      seriesInstanceUid: uids.series,
      state: nothing ? 'failed' : 'imported',
      instances: sops.length,
      imported: summary.imported,
      duplicates: summary.duplicate,
      failures,
      ...(error ? { error } : {}),
      batchId: summary.batchId,
    };
  } catch (e) {
    await setPacsSeriesFinished(db, claim.id, { state: 'FAILED', error: e instanceof Error ? e.message : String(e) });
    throw e;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
