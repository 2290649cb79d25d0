import { AppError, isAppError } from '@/lib/errors/app-error';
import { pacsFilterSchema } from '@/lib/pacs/source-schema';
import type { PacsSyncStatus } from '@/lib/pacs/sync-status';
import type { Db } from '@/server/store/handle';
import { claimPacsSourceSync, setPacsSourceSyncResult } from '@/server/store/pacs';
import { SERIES_CLAIM_EXPIRY_MS } from '@/server/pacs/claim-series';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { getPacsSourceOrThrow } from './get-pacs-source-or-throw';
import { importPacsSeries, type PacsImportProgress } from './import-pacs-series';
import { queryPacsSeries } from './query-pacs-series';

export interface SyncPacsSourceInput {
  projectId: string;
  userId: string | null;
  sourceId: string;
  storageDir: string;
  maxPixels: number;
  workers?: number;
  /** Series looked at per run (the newest first). */
  maxSeries?: number;
}

/**
 * Imports the series on the PACS that match the source's filter and are not imported whole yet.
 * One sync of a source runs at a time across servers (a conditional update of its status; a
 * sync that died is taken over after the claim expiry); each series is claimed on its own, so
 * a restart in the middle imports nothing twice. The status row keeps the last run's counts and errors.
 */
export async function syncPacsSource(
  db: Db,
  ctx: PacsContext,
  input: SyncPacsSourceInput,
  onProgress: (p: PacsImportProgress) => void = () => undefined,
): Promise<PacsSyncStatus> {
  const source = await getPacsSourceOrThrow(db, input.projectId, input.sourceId);
  const startedAt = new Date().toISOString();
  const running: PacsSyncStatus = { state: 'running', startedAt };
  const expiry = new Date(Date.now() - SERIES_CLAIM_EXPIRY_MS).toISOString();
  const claimed = await claimPacsSourceSync(db, source.id, running, expiry);
  if (claimed !== 1)
    throw new AppError({ code: 'CONFLICT', message: `A sync of "${source.name}" is running already.` });
  const log = ctx.log.child({ source: source.name, job: 'pacs-sync' });
  let status: PacsSyncStatus;
  try {
    const { series } = await queryPacsSeries(db, ctx, {
      projectId: input.projectId,
      sourceId: source.id,
      filter: pacsFilterSchema.parse(source.filter),
      max: input.maxSeries ?? 1000,
    });
    const todo = series.filter((s) => !(s.import?.state === 'succeeded' && s.import.failures.length === 0));
    const totals = { seriesImported: 0, imported: 0, duplicate: 0, failed: 0 };
    const errors: { seriesInstanceUid: string; error: string }[] = [];
    for (const s of todo) {
      try {
        const r = await importPacsSeries(
          db,
          ctx,
          {
            projectId: input.projectId,
            userId: input.userId,
            sourceId: source.id,
            studyInstanceUid: s.studyInstanceUid,
            seriesInstanceUid: s.seriesInstanceUid,
            again: s.import !== null,
            storageDir: input.storageDir,
            maxPixels: input.maxPixels,
            workers: input.workers,
          },
          onProgress,
        );
        if (r.state === 'imported') totals.seriesImported += 1;
        totals.imported += r.imported;
        totals.duplicate += r.duplicates;
        totals.failed += r.failures.length;
        if (r.error) errors.push({ seriesInstanceUid: s.seriesInstanceUid, error: r.error });
      } catch (e) {
        // Another server holds this series: it is that one's to finish.
        if (isAppError(e) && e.code === 'CONFLICT') continue;
        errors.push({ seriesInstanceUid: s.seriesInstanceUid, error: e instanceof Error ? e.message : String(e) });
      }
    }
    status = {
      state: 'succeeded',
      startedAt,
      finishedAt: new Date().toISOString(),
      seriesFound: series.length,
      ...totals,
      errors,
    };
    log.info({ ...totals, seriesFound: series.length, errors: errors.length }, 'PACS sync finished');
  } catch (e) {
    status = {
      state: 'failed',
      startedAt,
      finishedAt: new Date().toISOString(),
      error: e instanceof Error ? e.message : String(e),
    };
    log.warn({ err: status.error }, 'PACS sync failed');
  }
  await setPacsSourceSyncResult(db, source.id, status, new Date());
  return status;
}
