/** One scan of a series as the stack viewer orders it. */
export interface SeriesSlice {
  scanId: string;
  title: string;
  originalName: string;
  frameIndex: number | null;
  /** DICOM InstanceNumber, when the file has one. */
  instanceNumber?: number;
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Slices in reading order: DICOM InstanceNumber (slices without one after those with),
 * then the frame of a multi-frame file, then the file name compared as people do (2 before
 * 10), then the id, so the order is total and the same for every reader.
 */
export function orderSeriesSlices<T extends SeriesSlice>(slices: readonly T[]): T[] {
  const inst = (s: SeriesSlice) => s.instanceNumber ?? Number.POSITIVE_INFINITY;
  return [...slices].sort(
    (a, b) =>
      inst(a) - inst(b) ||
      (a.frameIndex ?? -1) - (b.frameIndex ?? -1) ||
      byName.compare(a.originalName, b.originalName) ||
      (a.scanId < b.scanId ? -1 : a.scanId > b.scanId ? 1 : 0),
  );
}

/**
 * The part of an ordered series the viewer loads: up to `radius` slices each side of the
 * asked one (a folder of PNGs can hold thousands), and where the asked slice sits in it.
 */
export function stackAround<T extends SeriesSlice>(
  ordered: readonly T[],
  askedId: string,
  radius: number,
): { slices: T[]; askedIndex: number } {
  const at = ordered.findIndex((s) => s.scanId === askedId);
  if (at < 0) return { slices: [], askedIndex: -1 };
  const start = Math.max(0, at - radius);
  return { slices: ordered.slice(start, at + radius + 1), askedIndex: at - start };
}
