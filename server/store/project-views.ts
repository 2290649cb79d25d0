import { Prisma } from '@/generated/prisma/client';
import type { Annotation } from '@/lib/labels/annotation';
import type { ScanGridItem } from '@/lib/schemas/scan-grid';
import { annotationSelect } from './annotations';
import type { DbOrTx } from './handle';

export type { Project } from '@/generated/prisma/client';

/** A project by id (a Prisma not-found error when there is none). */
export function findProjectOrThrow(db: DbOrTx, projectId: string) {
  return db.project.findUniqueOrThrow({ where: { id: projectId } });
}

// The project page.

/** The project, its members (oldest first), its scans counted in all and per split, its annotations counted. */
export async function readProjectOverview(db: DbOrTx, projectId: string) {
  const [project, members, scanCount, splitCounts, annotationCount] = await Promise.all([
    db.project.findUniqueOrThrow({ where: { id: projectId } }),
    db.projectMember.findMany({
      where: { projectId },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: 'asc' },
    }),
    db.scan.count({ where: { projectId } }),
    db.scan.groupBy({ by: ['split'], where: { projectId }, _count: { _all: true } }),
    db.annotation.count({ where: { projectId } }),
  ]);
  return { project, members, scanCount, splitCounts, annotationCount };
}

/**
 * The project's first `take` scans in import order, its annotation rows up to `upToSeq` in
 * commit order (with their authors' names), and its scan count.
 */
export async function readProjectScanList(db: DbOrTx, projectId: string, upToSeq: number, take: number) {
  const [scans, records, total] = await Promise.all([
    db.scan.findMany({
      where: { projectId },
      orderBy: [{ importedAt: 'asc' }, { id: 'asc' }],
      take,
      select: {
        id: true,
        originalName: true,
        frameIndex: true,
        modality: true,
        width: true,
        height: true,
        split: true,
      },
    }),
    db.annotation.findMany({
      where: { projectId, seq: { lte: BigInt(upToSeq) } },
      orderBy: { seq: 'asc' },
      select: annotationSelect,
    }),
    db.scan.count({ where: { projectId } }),
  ]);
  return { scans, records, total };
}

/** A scan of the grid with its chain heads and queue places. */
export interface ScanGridRow {
  id: string;
  title: string;
  split: ScanGridItem['split'];
  importedAt: Date;
  rank: number | null;
  score: number | null;
  queues: ('ADJUDICATION' | 'SUSPECTED_ERROR')[] | null;
  heads: { a: string; s: Annotation['source']; v: { labels?: string[] } | null }[];
}

/**
 * Every scan of the project with its chain heads (rows up to `upToSeq` no other row
 * supersedes) and queue places, in one statement: ten thousand scans take one round trip.
 */
export function listScanGridRows(db: DbOrTx, projectId: string, upToSeq: number): Promise<ScanGridRow[]> {
  return db.$queryRaw<ScanGridRow[]>(Prisma.sql`
    WITH rows AS (
      SELECT a.id, a."scanId", a."authorId", a.source, a.value, a."supersedesId"
      FROM "Annotation" a WHERE a."projectId" = ${projectId} AND a.seq <= ${BigInt(upToSeq)}
    ), heads AS (
      -- One hashed set of superseded ids: a correlated NOT EXISTS per row was planned as a
      -- nested loop over freshly imported (not yet analysed) rows and ran for minutes.
      SELECT r."scanId", json_agg(json_build_object('a', r."authorId", 's', r.source, 'v', r.value)) AS heads
      FROM rows r
      WHERE r.id NOT IN (SELECT s."supersedesId" FROM rows s WHERE s."supersedesId" IS NOT NULL)
      GROUP BY r."scanId"
    ), queued AS (
      SELECT q."scanId",
             max(q.rank) FILTER (WHERE q.queue = 'REVIEW') AS rank,
             max(q.score) FILTER (WHERE q.queue = 'REVIEW') AS score,
             array_agg(q.queue::text) FILTER (WHERE q.queue <> 'REVIEW') AS queues
      FROM "QueueItem" q WHERE q."projectId" = ${projectId}
      GROUP BY q."scanId"
    )
    SELECT s.id, s."originalName" AS title, s.split::text AS split, s."importedAt",
           queued.rank, queued.score, queued.queues, coalesce(heads.heads, '[]'::json) AS heads
    FROM "Scan" s
    LEFT JOIN heads ON heads."scanId" = s.id
    LEFT JOIN queued ON queued."scanId" = s.id
    WHERE s."projectId" = ${projectId}`);
}

// Exports.

/**
 * The only scan fields an export carries. An allow-list, never `dicomMeta` or paths: no
 * patient identifier can reach an export, whatever a DICOM header held.
 */
export const exportedScanSelect = {
  id: true,
  contentHash: true,
  originalName: true,
  modality: true,
  split: true,
} as const satisfies Prisma.ScanSelect;

/** The project's scans in import order, with the exported fields only. */
export function listExportedScans(db: DbOrTx, projectId: string) {
  return db.scan.findMany({
    where: { projectId },
    select: exportedScanSelect,
    orderBy: [{ importedAt: 'asc' }, { id: 'asc' }],
  });
}

/** These users' names and emails, by email. */
export function listReadersByIds(
  db: DbOrTx,
  userIds: string[],
): Promise<{ id: string; name: string; email: string }[]> {
  return db.user.findMany({
    where: { id: { in: userIds } },
    select: { id: true, name: true, email: true },
    orderBy: { email: 'asc' },
  });
}

// Dashboards and agreement.

/** Every model version of the project with the label snapshot it was trained on. */
export function listModelVersionSnapshots(db: DbOrTx, projectId: string) {
  return db.modelVersion.findMany({
    where: { projectId },
    select: {
      kind: true,
      version: true,
      state: true,
      createdAt: true,
      labelSnapshot: { select: { upToSeq: true, createdAt: true } },
    },
  });
}

/** Whether the scans a version was evaluated on in this split were recorded. */
export async function hasEvaluatedScans(
  db: DbOrTx,
  modelVersionId: string,
  split: 'TEST' | 'VALIDATION',
): Promise<boolean> {
  return (await db.evaluatedScan.findFirst({ where: { modelVersionId, split } })) !== null;
}

/** The scans of one confusion-matrix cell as recorded at evaluation, with the version's probabilities. */
export function listEvaluatedCellScans(
  db: DbOrTx,
  cell: { modelVersionId: string; split: 'TEST' | 'VALIDATION'; trueLabel: string; predictedLabel: string },
) {
  return db.evaluatedScan.findMany({
    where: {
      modelVersionId: cell.modelVersionId,
      split: cell.split,
      trueLabel: cell.trueLabel,
      predictedLabel: cell.predictedLabel,
    },
    select: {
      scan: {
        select: {
          id: true,
          originalName: true,
          modality: true,
          predictions: { where: { modelVersionId: cell.modelVersionId }, select: { probabilities: true } },
        },
      },
    },
  });
}

/** A version's predictions on the scans of one split, with the scans' names. */
export function listVersionPredictionsInSplit(db: DbOrTx, modelVersionId: string, split: 'TEST' | 'VALIDATION') {
  return db.prediction.findMany({
    where: { modelVersionId, scan: { split } },
    select: { probabilities: true, scan: { select: { id: true, originalName: true, modality: true } } },
  });
}

// Adjudication and reports.

export function listScanNames(db: DbOrTx, scanIds: string[]): Promise<{ id: string; originalName: string }[]> {
  return db.scan.findMany({ where: { id: { in: scanIds } }, select: { id: true, originalName: true } });
}

/** The series imported from the project's PACS sources, latest claim first, with the source's name. */
export function listPulledSeries(
  db: DbOrTx,
  projectId: string,
): Promise<{ seriesInstanceUid: string; source: { name: string } }[]> {
  return db.pacsSeries.findMany({
    where: { source: { projectId } },
    select: { seriesInstanceUid: true, source: { select: { name: true } } },
    orderBy: { claimedAt: 'desc' },
  });
}

/** The project's scans of these series, newest imports first. */
export function listScansOfSeries(
  db: DbOrTx,
  projectId: string,
  seriesKeys: string[],
): Promise<{ id: string; originalName: string; seriesKey: string | null }[]> {
  return db.scan.findMany({
    where: { projectId, seriesKey: { in: seriesKeys } },
    select: { id: true, originalName: true, seriesKey: true },
    orderBy: { importedAt: 'desc' },
  });
}

/** The reports of these scans, newest first. */
export function listReportsOfScans(db: DbOrTx, scanIds: string[]) {
  return db.pacsReport.findMany({
    where: { scanId: { in: scanIds } },
    orderBy: { createdAt: 'desc' },
    select: { scanId: true, state: true, error: true, createdAt: true },
  });
}

/**
 * Scans of a source's series adjudicated since the last report sent for them (any attempt,
 * failed ones included), the longest waiting first.
 */
export async function listUnreportedAdjudicatedScans(
  db: DbOrTx,
  source: { id: string; projectId: string },
  limit: number,
): Promise<string[]> {
  const rows = await db.$queryRaw<{ scanId: string }[]>`
    SELECT a."scanId" FROM "Annotation" a
    JOIN "Scan" s ON s.id = a."scanId"
    WHERE a."projectId" = ${source.projectId} AND a.source = 'ADJUDICATION'
      AND EXISTS (SELECT 1 FROM "PacsSeries" ps WHERE ps."sourceId" = ${source.id} AND ps."seriesInstanceUid" = s."seriesKey")
      AND NOT EXISTS (
        SELECT 1 FROM "PacsReport" r WHERE r."scanId" = a."scanId" AND r."sourceId" = ${source.id} AND r."createdAt" >= a."createdAt")
    GROUP BY a."scanId"
    ORDER BY max(a."createdAt")
    LIMIT ${limit}`;
  return rows.map((r) => r.scanId);
}
