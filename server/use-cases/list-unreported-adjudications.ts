import type { Db } from '@/server/db/client';

/**
 * Scans of a source's series adjudicated since the last report sent for them (any attempt,
 * failed ones included: a failure stays on the page for a lead to resend, it is not retried blindly).
 */
export async function listUnreportedAdjudications(
  db: Db,
  source: { id: string; projectId: string },
  limit = 50,
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
