/**
 * The scans a reader has had open on the labelling page, in order, with a cursor on the
 * open one: "back" (P, Backspace) moves the cursor; opening any other scan drops what lay
 * ahead of the cursor, as a browser's history does.
 */
export interface ReadingTrail {
  scanIds: readonly string[];
  cursor: number;
}

export const emptyTrail: ReadingTrail = { scanIds: [], cursor: -1 };

/**
 * The trail once `scanId` is open; `viaBack` when the reader stepped back to it. `replacing`:
 * the scan shown ahead of a claim's answer that this one replaced; it leaves the trail, as the
 * reader never chose to be there.
 */
export function visit(trail: ReadingTrail, scanId: string, viaBack: boolean, replacing?: string): ReadingTrail {
  if (trail.scanIds[trail.cursor] === scanId) return trail;
  if (viaBack && trail.scanIds[trail.cursor - 1] === scanId) return { ...trail, cursor: trail.cursor - 1 };
  const keep = replacing !== undefined && trail.scanIds[trail.cursor] === replacing ? trail.cursor : trail.cursor + 1;
  const scanIds = [...trail.scanIds.slice(0, keep), scanId];
  return { scanIds, cursor: scanIds.length - 1 };
}

/** The scan "back" opens, or null at the start of the trail. */
export function previousScan(trail: ReadingTrail): string | null {
  return trail.cursor > 0 ? (trail.scanIds[trail.cursor - 1] ?? null) : null;
}

export interface RecentRead {
  scanId: string;
  title: string | null;
  labels: string[];
}

/** The reader's latest reads, newest first: one entry per scan, at most `limit`. */
export function recordRead(
  reads: readonly RecentRead[],
  read: { scanId: string; title: string | null; labels: string[] | null },
  limit = 12,
): RecentRead[] {
  const rest = reads.filter((r) => r.scanId !== read.scanId);
  const current = reads.find((r) => r.scanId === read.scanId);
  if (!read.labels) return rest;
  // Reopening a scan read earlier keeps its place; a changed read moves to the front.
  if (current && sameLabels(current.labels, read.labels)) return [...reads];
  return [{ scanId: read.scanId, title: read.title, labels: read.labels }, ...rest].slice(0, limit);
}

const sameLabels = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((l, i) => l === b[i]);
