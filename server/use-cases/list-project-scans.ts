import { scanTitle } from '@/lib/imaging/scan-title';
import type { Role } from '@/lib/auth/roles';
import { groupByScan, hasAuthored, readCount } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { ScanSummary } from '@/lib/realtime/protocol';
import { summarizeScan } from '@/lib/realtime/summaries';
import type { Db } from '@/server/db/client';
import { getLabelContext } from './get-label-context';
import { annotationSelect, toAnnotation } from './list-scan-annotations';

export const MAX_LISTED_SCANS = 5000;

export interface ScanListItem {
  id: string;
  title: string;
  modality: string;
  width: number;
  height: number;
  split: string;
  summary: ScanSummary;
}

/**
 * The project's scans with their label summaries for this user (the grid), current at
 * the returned sequence: a client joins with it and receives only what came later.
 */
export async function listProjectScans(db: Db, args: { projectId: string; user: { id: string; role: Role } }) {
  const { projectId, user } = args;
  const ctx = await getLabelContext(db, projectId);
  const [scans, records, total] = await Promise.all([
    db.scan.findMany({
      where: { projectId },
      orderBy: [{ importedAt: 'asc' }, { id: 'asc' }],
      take: MAX_LISTED_SCANS,
      select: {
        id: true,
        originalName: true,
        frameIndex: true,
        modality: true,
        width: true,
        height: true,
        split: true,
      },
    }),
    db.annotation.findMany({
      where: { projectId, seq: { lte: BigInt(ctx.seq) } },
      orderBy: { seq: 'asc' },
      select: annotationSelect,
    }),
    db.scan.count({ where: { projectId } }),
  ]);
  const byScan = groupByScan(records.map(toAnnotation));
  const items: ScanListItem[] = scans.map((s) => {
    const rows = byScan.get(s.id) ?? [];
    const visible = canSeeOthers({
      blindMode: ctx.blindMode,
      authored: hasAuthored(rows, user.id),
      role: user.role,
      readCount: readCount(rows),
      labelsRequired: ctx.labelsRequired,
    });
    const summary = summarizeScan({ scanId: s.id, rows, userId: user.id, visible, seq: ctx.seq });
    return {
      id: s.id,
      title: scanTitle(s),
      modality: s.modality,
      width: s.width,
      height: s.height,
      split: s.split,
      summary,
    };
  });
  return { seq: ctx.seq, labelsRequired: ctx.labelsRequired, blindMode: ctx.blindMode, total, scans: items };
}
