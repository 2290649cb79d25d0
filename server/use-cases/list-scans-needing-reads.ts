import type { Db } from '@/server/db/client';

/**
 * Scans the review queue ranks: not held out for testing, not adjudicated, and with fewer
 * current human reads than the project requires (an imported label is not a read).
 */
export async function listScansNeedingReads(db: Db, project: { id: string; labelsRequired: number }) {
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
       AND COUNT(h."scanId") FILTER (WHERE h.source NOT IN ('ADJUDICATION', 'IMPORT') AND h.value IS NOT NULL AND h.value <> 'null'::jsonb) < ${project.labelsRequired}
    ORDER BY s.id`;
}
