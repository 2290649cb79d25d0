import { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';
import { eligible } from './claim-next-scan';

/** How many upcoming scans a reader's page loads ahead. */
export const MAX_PEEK = 5;

/**
 * The scans "Next" would give this reader, best first, without claiming any: the review
 * queue by rank, then the rest least recently served first, and the scans this reader passed
 * over last, longest ago first, as claimNextScan picks. The
 * reader's own open claim is excluded (Next releases it and moves on). A hint for loading
 * ahead only: another reader may claim one of them first, and Next then serves another.
 */
export async function peekNextScans(
  db: Db,
  args: { projectId: string; userId: string; count: number },
): Promise<{ scanIds: string[] }> {
  const count = Math.max(0, Math.min(MAX_PEEK, Math.floor(args.count)));
  if (count === 0) return { scanIds: [] };
  const project = await db.project.findUniqueOrThrow({
    where: { id: args.projectId },
    select: { labelsRequired: true },
  });
  const rows = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    SELECT s.id FROM "Scan" s
    LEFT JOIN "QueueItem" q ON q."scanId" = s.id AND q."projectId" = ${args.projectId} AND q.queue = 'REVIEW'
    LEFT JOIN "ScanSkip" k ON k."scanId" = s.id AND k."userId" = ${args.userId}
    WHERE s."projectId" = ${args.projectId} AND ${eligible(args.userId, project.labelsRequired)}
    ORDER BY (k."scanId" IS NOT NULL), k."skippedAt" ASC, (q.rank IS NULL), q.rank ASC,
      s."lastServedAt" ASC NULLS FIRST, s.id
    LIMIT ${count}`);
  return { scanIds: rows.map((r) => r.id) };
}
