/** Reads one annotator made on one UTC day (distinct scans given a value that day). */
export interface DailyReads {
  day: string;
  readerId: string;
  reads: number;
}

export interface ReadsPerDayTable {
  readers: { id: string; name: string }[];
  /** Every day from the first to the last, zeros included, oldest first. */
  days: { day: string; total: number; counts: Record<string, number> }[];
}

const DAY_MS = 86_400_000;

/** Pivots (day, reader, reads) rows into one row per day with a column per reader. */
export function pivotReadsPerDay(
  rows: readonly DailyReads[],
  names: ReadonlyMap<string, string>,
  lastDay?: string,
): ReadsPerDayTable {
  const readerIds = [...new Set(rows.map((r) => r.readerId))].sort((a, b) =>
    (names.get(a) ?? a).localeCompare(names.get(b) ?? b),
  );
  const readers = readerIds.map((id) => ({ id, name: names.get(id) ?? id }));
  if (rows.length === 0) return { readers, days: [] };
  const sortedDays = rows.map((r) => r.day).sort();
  const first = sortedDays[0];
  const last = lastDay && lastDay > sortedDays[sortedDays.length - 1] ? lastDay : sortedDays[sortedDays.length - 1];
  const byDay = new Map<string, Record<string, number>>();
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += DAY_MS) {
    byDay.set(new Date(t).toISOString().slice(0, 10), Object.fromEntries(readerIds.map((id) => [id, 0])));
  }
  for (const r of rows) {
    const counts = byDay.get(r.day);
    if (counts) counts[r.readerId] += r.reads;
  }
  return {
    readers,
    days: [...byDay].map(([day, counts]) => ({ day, counts, total: Object.values(counts).reduce((a, b) => a + b, 0) })),
  };
}
