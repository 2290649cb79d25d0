import { AppError } from '@/lib/errors/app-error';
import { scanTitle } from '@/lib/imaging/scan-title';
import { orderSeriesSlices, stackAround } from '@/lib/imaging/series-order';
import type { Db } from '@/server/store/handle';
import { findScanSeriesKey, findSeriesScans } from '@/server/store/scans';

/** Slices loaded each side of the asked one. */
export const STACK_RADIUS = 100;

export interface SeriesStack {
  /** The series' scans around the asked one, in reading order. */
  slices: { scanId: string; title: string }[];
  /** Where the asked scan sits in `slices`. */
  askedIndex: number;
}

const instanceNumberOf = (meta: unknown): number | undefined => {
  const v = meta && typeof meta === 'object' ? (meta as Record<string, unknown>)['InstanceNumber'] : undefined;
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
};

/**
 * The stack a scan is read in: the project's scans sharing its seriesKey (the DICOM
 * SeriesInstanceUID, or the folder of a PNG/JPEG), ordered as the scanner numbered them.
 * A scan without a series is a stack of one. Labels stay on the asked scan; the others are
 * context only, so this reveals no reads or predictions.
 */
export async function listSeriesSlices(db: Db, args: { projectId: string; scanId: string }): Promise<SeriesStack> {
  const scan = await findScanSeriesKey(db, args);
  if (!scan) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  if (!scan.seriesKey) return { slices: [{ scanId: scan.id, title: scanTitle(scan) }], askedIndex: 0 };
  const rows = await findSeriesScans(db, { projectId: args.projectId, seriesKey: scan.seriesKey });
  const ordered = orderSeriesSlices(
    rows.map((r) => ({
      scanId: r.id,
      title: scanTitle(r),
      originalName: r.originalName,
      frameIndex: r.frameIndex,
      instanceNumber: instanceNumberOf(r.dicomMeta),
    })),
  );
  const { slices, askedIndex } = stackAround(ordered, scan.id, STACK_RADIUS);
  return { slices: slices.map((s) => ({ scanId: s.scanId, title: s.title })), askedIndex };
}
