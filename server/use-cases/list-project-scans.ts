import { scanTitle } from '@/lib/imaging/scan-title';
import type { Role } from '@/lib/auth/roles';
import { groupByScan, hasAuthored, readCount } from '@/lib/labels/chains';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { ScanSummary } from '@/lib/realtime/protocol';
import { summarizeScan } from '@/lib/realtime/summaries';
import type { Db } from '@/server/store/handle';
import { readProjectScanList } from '@/server/store/project-views';
import { getLabelContext } from './get-label-context';
import { toAnnotation } from './list-scan-annotations';

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
  const { scans, records, total } = await readProjectScanList(db, projectId, ctx.seq, MAX_LISTED_SCANS);
  const byScan = groupByScan(records.map(toAnnotation));
  const items: ScanListItem[] = scans.map((s) => {
    const rows = byScan.get(s.id) ?? [];
    const visible = canSeeOthers({
      blindMode: ctx.blindMode,
      authored: hasAuthored(rows, user.id),
      role: user.role,
      readCount: readCount(rows),
      readsPerScan: ctx.readsPerScan,
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
  return { seq: ctx.seq, readsPerScan: ctx.readsPerScan, blindMode: ctx.blindMode, total, scans: items };
}
