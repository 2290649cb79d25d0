import { pivotReadsPerDay, type DailyReads, type ReadsPerDayTable } from '@/lib/dashboard/reads-per-day';
import { readReadsPerDay } from '@/server/store/annotations';
import type { Db } from '@/server/store/handle';

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
  const rows = await readReadsPerDay(db, { projectId: args.projectId, since, authorId: args.authorId });
  const names = new Map(rows.map((r) => [r.readerId, r.readerName]));
  const daily: DailyReads[] = rows.map((r) => ({ day: r.day, readerId: r.readerId, reads: r.reads }));
  return pivotReadsPerDay(daily, names, now.toISOString().slice(0, 10));
}
