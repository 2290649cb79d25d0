import type { DbOrTx } from './handle';

export type { Project } from '@/generated/prisma/client';

/** The scan, if it is one of the project's. */
export function findScanInProject(db: DbOrTx, args: { projectId: string; scanId: string }) {
  return db.scan.findFirst({ where: { id: args.scanId, projectId: args.projectId }, select: { id: true } });
}

/** How many scans of the project have this id (0 or 1). */
export function countScanInProject(db: DbOrTx, args: { projectId: string; scanId: string }): Promise<number> {
  return db.scan.count({ where: { id: args.scanId, projectId: args.projectId } });
}

/** Where the scan's preview and thumbnail are stored, if it is one of the project's. */
export function findScanFilePaths(db: DbOrTx, args: { projectId: string; scanId: string }) {
  return db.scan.findFirst({
    where: { id: args.scanId, projectId: args.projectId },
    select: { previewPath: true, thumbnailPath: true },
  });
}

/** The scan's title parts and series, if it is one of the project's. */
export function findScanSeriesKey(db: DbOrTx, args: { projectId: string; scanId: string }) {
  return db.scan.findFirst({
    where: { id: args.scanId, projectId: args.projectId },
    select: { id: true, originalName: true, frameIndex: true, seriesKey: true },
  });
}

/** The project's scans of one series, with what orders them (their DICOM metadata). */
export function findSeriesScans(db: DbOrTx, args: { projectId: string; seriesKey: string }) {
  return db.scan.findMany({
    where: { projectId: args.projectId, seriesKey: args.seriesKey },
    select: { id: true, originalName: true, frameIndex: true, dicomMeta: true },
  });
}

/** Every scan id of the project, oldest import first. */
export function findProjectScanIds(db: DbOrTx, projectId: string) {
  return db.scan.findMany({ where: { projectId }, select: { id: true }, orderBy: { importedAt: 'asc' } });
}

/** The original file names of the given scans. */
export function findScanNames(db: DbOrTx, ids: readonly string[]) {
  return db.scan.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, originalName: true },
  });
}

/** Marks the scan as served to a reader at `now` (claims serve the least recently served first). */
export async function setScanLastServedAt(tx: DbOrTx, scanId: string, now: Date): Promise<void> {
  await tx.scan.update({ where: { id: scanId }, data: { lastServedAt: now } });
}

/** Scans the suspected-error queue holds. */
export function countSuspectedErrors(db: DbOrTx, projectId: string): Promise<number> {
  return db.queueItem.count({ where: { projectId, queue: 'SUSPECTED_ERROR' } });
}

/**
 * Scans the review queue ranks: not held out for testing, not adjudicated, and with fewer
 * current human reads than the project requires (an imported label is not a read).
 */
export function findScansNeedingReads(db: DbOrTx, project: { id: string; readsPerScan: number }) {
  return db.$queryRaw<
    { id: string; previewPath: string; contentHash: string; lastServedAt: Date | null; reads: number }[]
  >`
    WITH heads AS (
      SELECT a."scanId", a.source, a.value
      FROM "Annotation" a
      WHERE a."projectId" = ${project.id}
        AND NOT EXISTS (SELECT 1 FROM "Annotation" b WHERE b."supersedesId" = a.id)
    )
    SELECT s.id, s."previewPath", s."contentHash", s."lastServedAt",
           COUNT(h."scanId") FILTER (WHERE h.source NOT IN ('ADJUDICATION', 'IMPORT') AND h.value IS NOT NULL AND h.value <> 'null'::jsonb)::int AS reads
    FROM "Scan" s
    LEFT JOIN heads h ON h."scanId" = s.id
    WHERE s."projectId" = ${project.id} AND s.split <> 'TEST'
    GROUP BY s.id
    HAVING COUNT(h."scanId") FILTER (WHERE h.source = 'ADJUDICATION') = 0
       AND COUNT(h."scanId") FILTER (WHERE h.source NOT IN ('ADJUDICATION', 'IMPORT') AND h.value IS NOT NULL AND h.value <> 'null'::jsonb) < ${project.readsPerScan}
    ORDER BY s.id`;
}

/** What each scan's file says about itself (size, format, depth): the shortcut check's input. */
export function findScanFileFacts(db: DbOrTx, ids: readonly string[]) {
  return db.scan.findMany({
    where: { id: { in: [...new Set(ids)] } },
    select: { id: true, width: true, height: true, originalPath: true, dicomMeta: true },
  });
}

/**
 * Every scan of the project with whether any chain of it holds a label now (a read, an import,
 * an adjudication): labelled scans first, then by id. What the trainer's feature warming walks.
 */
export function findScansForFeatures(db: DbOrTx, projectId: string) {
  return db.$queryRaw<{ id: string; previewPath: string; contentHash: string; labelled: boolean }[]>`
    SELECT s.id, s."previewPath", s."contentHash",
           EXISTS (
             SELECT 1 FROM "Annotation" a
             WHERE a."scanId" = s.id AND a.value IS NOT NULL AND a.value <> 'null'::jsonb
               AND NOT EXISTS (SELECT 1 FROM "Annotation" b WHERE b."supersedesId" = a.id)
           ) AS labelled
    FROM "Scan" s
    WHERE s."projectId" = ${projectId}
    ORDER BY labelled DESC, s.id`;
}
