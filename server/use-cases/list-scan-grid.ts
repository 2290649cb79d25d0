import { gridItemOf, pageOfGrid, type GridHead, type GridQueues, type GridViewer } from '@/lib/labels/scan-grid';
import type { ScanGridPage, ScanGridQuery } from '@/lib/schemas/scan-grid';
import type { Db } from '@/server/store/handle';
import { listScanGridRows } from '@/server/store/project-views';
import { getLabelContext } from './get-label-context';

/**
 * One page of the project page's scan grid for a viewer: every scan's card (reads, the
 * review queue's rank and uncertainty, the adjudication and suspected-label-error queues),
 * filtered, searched and sorted (lib/labels/scan-grid). Blind mode applies: a filter never
 * reveals a label the viewer may not see.
 */
export async function listScanGrid(
  db: Db,
  args: { projectId: string; viewer: GridViewer; query: ScanGridQuery },
): Promise<ScanGridPage> {
  const { projectId, viewer, query } = args;
  const ctx = await getLabelContext(db, projectId);
  const rows = await listScanGridRows(db, projectId, ctx.seq);
  const items = rows.map((r) => {
    const queues: GridQueues = {
      review: new Map(r.rank === null ? [] : [[r.id, { rank: r.rank, score: r.score }]]),
      adjudication: new Set(r.queues?.includes('ADJUDICATION') ? [r.id] : []),
      suspectedError: new Set(r.queues?.includes('SUSPECTED_ERROR') ? [r.id] : []),
    };
    const heads: GridHead[] = r.heads.map((h) => ({ authorId: h.a, source: h.s, labels: h.v?.labels ?? null }));
    return gridItemOf(
      { id: r.id, title: r.title, split: r.split, importedAt: r.importedAt },
      heads,
      queues,
      viewer,
      ctx,
    );
  });
  return pageOfGrid(items, query, ctx);
}
