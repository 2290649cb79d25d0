import { Prisma } from '@/generated/prisma/client';
import { pivotReadsPerDay, type DailyReads, type ReadsPerDayTable } from '@/lib/dashboard/reads-per-day';
import type { Db } from '@/server/db/client';

const DAY_MS = 86_400_000;

/**
 * Reads per annotator per UTC day over the last `days` days: the distinct scans each reader
 * gave a value that day (labels, corrections, accepted or rejected predictions; retractions,
 * adjudications and imported labels are not reads). `authorId` narrows it to one reader.
 */
export async function getReadsPerAnnotator(
  db: Db,
  args: { projectId: string; days?: number; authorId?: string; now?: Date },
): Promise<ReadsPerDayTable> {
  const now = args.now ?? new Date();
  const since = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS - ((args.days ?? 30) - 1) * DAY_MS);
  const byAuthor = args.authorId ? Prisma.sql`AND a."authorId" = ${args.authorId}` : Prisma.empty;
  const rows = await db.$queryRaw<{ day: string; readerId: string; readerName: string; reads: number }[]>`
    SELECT to_char(a."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           a."authorId" AS "readerId", u.name AS "readerName",
           count(DISTINCT a."scanId")::int AS reads
    FROM "Annotation" a JOIN "User" u ON u.id = a."authorId"
    WHERE a."projectId" = ${args.projectId}
      AND a.source NOT IN ('ADJUDICATION', 'IMPORT')
      AND a.value IS NOT NULL AND a.value <> 'null'::jsonb
      AND a."createdAt" >= ${since}
      ${byAuthor}
    GROUP BY 1, 2, 3
    ORDER BY 1`;
  const names = new Map(rows.map((r) => [r.readerId, r.readerName]));
  const daily: DailyReads[] = rows.map((r) => ({ day: r.day, readerId: r.readerId, reads: r.reads }));
  return pivotReadsPerDay(daily, names, now.toISOString().slice(0, 10));
}
