import type { JobState, Prisma } from '@/generated/prisma/client';
import type { PacsInstanceFailure } from '@/lib/pacs/series-row';
import type { DbOrTx, JsonInput } from './handle';

export type { PacsSource, PacsSeries, PacsReport } from '@/generated/prisma/client';

// Sources.

export function insertPacsSource(db: DbOrTx, data: Prisma.PacsSourceUncheckedCreateInput) {
  return db.pacsSource.create({ data });
}

/** A source of this project, by id or by name; null when there is none. */
export function findPacsSourceByIdOrName(db: DbOrTx, projectId: string, idOrName: string) {
  return db.pacsSource.findFirst({
    where: { projectId, OR: [{ id: idOrName }, { name: idOrName }] },
  });
}

export function setPacsSourceSettings(db: DbOrTx, id: string, data: Prisma.PacsSourceUncheckedUpdateInput) {
  return db.pacsSource.update({ where: { id }, data });
}

/** The project's sources by name, each with its imported series and sent reports counted. */
export function listPacsSourcesWithCounts(db: DbOrTx, projectId: string) {
  return db.pacsSource.findMany({
    where: { projectId },
    orderBy: { name: 'asc' },
    include: {
      _count: { select: { series: { where: { state: 'SUCCEEDED' } }, reports: { where: { state: 'SUCCEEDED' } } } },
    },
  });
}

/** Sources whose automatic sync is due: never synced, or synced longer ago than their interval. */
export function listDuePacsSources(db: DbOrTx, now: Date): Promise<{ id: string; projectId: string }[]> {
  return db.$queryRaw<{ id: string; projectId: string }[]>`
    SELECT id, "projectId" FROM "PacsSource"
    WHERE "syncIntervalMinutes" IS NOT NULL
      AND ("lastSyncAt" IS NULL OR "lastSyncAt" + make_interval(mins => "syncIntervalMinutes") <= ${now})
    ORDER BY "lastSyncAt" NULLS FIRST`;
}

/** Sources that send a report when a scan of theirs is adjudicated. */
export function listSourcesReportingAdjudications(db: DbOrTx): Promise<{ id: string; projectId: string }[]> {
  return db.pacsSource.findMany({
    where: { sendAfterAdjudication: true },
    select: { id: true, projectId: true },
  });
}

/**
 * Marks a source's sync as running unless another is (a running status older than
 * `staleBefore` is a dead sync's and is taken over). Returns the rows updated: 1 when claimed.
 */
export function claimPacsSourceSync(
  db: DbOrTx,
  sourceId: string,
  running: JsonInput,
  staleBefore: string,
): Promise<number> {
  return db.$executeRaw`
    UPDATE "PacsSource" SET "syncStatus" = ${JSON.stringify(running)}::jsonb, "updatedAt" = now()
    WHERE id = ${sourceId}
      AND ("syncStatus" IS NULL OR "syncStatus"->>'state' <> 'running' OR "syncStatus"->>'startedAt' < ${staleBefore})`;
}

export async function setPacsSourceSyncResult(
  db: DbOrTx,
  sourceId: string,
  status: JsonInput,
  lastSyncAt: Date,
): Promise<void> {
  await db.pacsSource.update({ where: { id: sourceId }, data: { syncStatus: status, lastSyncAt } });
}

// Series.

/** Claims a new series by inserting its row; a second insert of the same key fails (unique violation). */
export function insertPacsSeriesClaim(
  db: DbOrTx,
  key: { sourceId: string; studyInstanceUid: string; seriesInstanceUid: string },
  claimedAt: Date,
) {
  return db.pacsSeries.create({ data: { ...key, state: 'RUNNING', claimedAt } });
}

export function findPacsSeriesOfSourceOrThrow(db: DbOrTx, sourceId: string, seriesInstanceUid: string) {
  return db.pacsSeries.findUniqueOrThrow({
    where: { sourceId_seriesInstanceUid: { sourceId, seriesInstanceUid } },
  });
}

/**
 * Takes over a series' claim if its row is still as it was read (state and claim time): a
 * conditional update, so one importer wins. Returns the rows updated: 1 when taken.
 */
export async function takeOverPacsSeriesClaim(
  db: DbOrTx,
  row: { id: string; state: JobState; claimedAt: Date },
  now: Date,
): Promise<number> {
  const taken = await db.pacsSeries.updateMany({
    where: { id: row.id, state: row.state, claimedAt: row.claimedAt },
    data: { state: 'RUNNING', claimedAt: now, error: null, finishedAt: null },
  });
  return taken.count;
}

export function findPacsSeriesByIdOrThrow(db: DbOrTx, id: string) {
  return db.pacsSeries.findUniqueOrThrow({ where: { id } });
}

/** What a source imported of these series. */
export function listPacsSeriesByUids(db: DbOrTx, sourceId: string, seriesInstanceUids: string[]) {
  return db.pacsSeries.findMany({
    where: { sourceId, seriesInstanceUid: { in: seriesInstanceUids } },
  });
}

/** Records how a series import ended; it finishes now. */
export async function setPacsSeriesFinished(
  db: DbOrTx,
  id: string,
  data: {
    state: 'SUCCEEDED' | 'FAILED';
    instances?: number;
    imported?: number;
    duplicates?: number;
    failures?: PacsInstanceFailure[];
    error?: string | null;
    importBatchId?: string;
  },
): Promise<void> {
  await db.pacsSeries.update({
    where: { id },
    data: { ...data, failures: (data.failures ?? []) as unknown as Prisma.InputJsonValue, finishedAt: new Date() },
  });
}

/** The latest import of a series from any source of the project, with its source; null when none. */
export function findLatestPacsSeriesImport(db: DbOrTx, projectId: string, seriesInstanceUid: string) {
  return db.pacsSeries.findFirst({
    where: { seriesInstanceUid, source: { projectId } },
    include: { source: true },
    orderBy: { claimedAt: 'desc' },
  });
}

// Reports.

export function insertPacsReport(db: DbOrTx, data: Prisma.PacsReportUncheckedCreateInput) {
  return db.pacsReport.create({ data });
}

export async function setPacsReportFailed(db: DbOrTx, id: string, error: string): Promise<void> {
  await db.pacsReport.update({ where: { id }, data: { state: 'FAILED', error, finishedAt: new Date() } });
}

export async function setPacsReportSucceeded(db: DbOrTx, id: string): Promise<void> {
  await db.pacsReport.update({ where: { id }, data: { state: 'SUCCEEDED', finishedAt: new Date() } });
}

/** The reports sent (or tried) to the project's sources, newest first, with the source's and scan's names. */
export function listProjectPacsReports(db: DbOrTx, projectId: string, limit: number) {
  return db.pacsReport.findMany({
    where: { source: { projectId } },
    orderBy: { createdAt: 'desc' },
    take: limit,
    include: { source: { select: { name: true } }, scan: { select: { originalName: true } } },
  });
}

/** The names of the users who sent reports. */
export function listReportAuthors(db: DbOrTx, userIds: string[]): Promise<{ id: string; name: string }[]> {
  return db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true } });
}

// What a report is built from.

/** A scan of this project; null when the project has none with this id. */
export function findProjectScan(db: DbOrTx, projectId: string, scanId: string) {
  return db.scan.findFirst({ where: { id: scanId, projectId } });
}

/** The readers (and adjudicators) of a scan, one row each. */
export function listScanReaderIds(db: DbOrTx, scanId: string): Promise<{ authorId: string }[]> {
  return db.annotation.findMany({
    where: { scanId, source: { in: ['HUMAN', 'ADJUDICATION'] } },
    distinct: ['authorId'],
    select: { authorId: true },
  });
}

/** A scan's predictions by these model versions, newest first, each with its version. */
export function listScanPredictionsByVersions(db: DbOrTx, scanId: string, modelVersionIds: string[]) {
  return db.prediction.findMany({
    where: { scanId, modelVersionId: { in: modelVersionIds } },
    include: { modelVersion: true },
    orderBy: { createdAt: 'desc' },
  });
}
