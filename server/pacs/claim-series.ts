import { AppError } from '@/lib/errors/app-error';
import { isUniqueViolation, type Db } from '@/server/store/handle';
import { findPacsSeriesOfSourceOrThrow, insertPacsSeriesClaim, takeOverPacsSeriesClaim } from '@/server/store/pacs';

/** A RUNNING claim older than this is a dead importer's (a crash, a restart): it may be taken over. */
export const SERIES_CLAIM_EXPIRY_MS = 30 * 60_000;

export type SeriesClaim = { status: 'claimed'; id: string } | { status: 'done'; id: string };

/**
 * Makes this importer the one that imports a series of a source, across servers and restarts:
 * a new series is claimed by inserting its row (the unique key lets one insert win); a failed
 * one, one with failed instances, or a dead importer's is taken over with a conditional update.
 * A series imported whole is done unless `again` asks to retry it.
 */
export async function claimSeries(
  db: Db,
  key: { sourceId: string; studyInstanceUid: string; seriesInstanceUid: string },
  opts: { again?: boolean; now?: Date } = {},
): Promise<SeriesClaim> {
  const now = opts.now ?? new Date();
  try {
    const row = await insertPacsSeriesClaim(db, key, now);
    return { status: 'claimed', id: row.id };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
  const row = await findPacsSeriesOfSourceOrThrow(db, key.sourceId, key.seriesInstanceUid);
  const whole = row.state === 'SUCCEEDED' && Array.isArray(row.failures) && row.failures.length === 0;
  if (whole && !opts.again) return { status: 'done', id: row.id };
  const stale = now.getTime() - row.claimedAt.getTime() > SERIES_CLAIM_EXPIRY_MS;
  if (row.state === 'RUNNING' && !stale)
    throw new AppError({ code: 'CONFLICT', message: `Series ${key.seriesInstanceUid} is being imported right now.` });
  const taken = await takeOverPacsSeriesClaim(db, row, now);
  if (taken !== 1)
    throw new AppError({ code: 'CONFLICT', message: `Series ${key.seriesInstanceUid} is being imported right now.` });
  return { status: 'claimed', id: row.id };
}
