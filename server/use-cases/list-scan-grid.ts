import { Prisma } from '@/generated/prisma/client';
import type { Annotation } from '@/lib/labels/annotation';
import { gridItemOf, pageOfGrid, type GridHead, type GridQueues, type GridViewer } from '@/lib/labels/scan-grid';
import type { ScanGridItem, ScanGridPage, ScanGridQuery } from '@/lib/schemas/scan-grid';
import type { Db } from '@/server/db/client';
import { getLabelContext } from './get-label-context';

interface GridRow {
  id: string;
  title: string;
  split: ScanGridItem['split'];
  importedAt: Date;
  rank: number | null;
  score: number | null;
  queues: ('ADJUDICATION' | 'SUSPECTED_ERROR')[] | null;
  heads: { a: string; s: Annotation['source']; v: { labels?: string[] } | null }[];
}

/**
 * One page of the project page's scan grid for a viewer: every scan's card (reads, the
 * review queue's rank and uncertainty, the adjudication and suspected-label-error queues),
 * filtered, searched and sorted (lib/labels/scan-grid). Blind mode applies: a filter never
 * reveals a label the viewer may not see. One statement gathers each scan's chain heads
 * (rows no other row supersedes) and queue places, so that ten thousand scans take one
 * round trip.
 */
export async function listScanGrid(
  db: Db,
  args: { projectId: string; viewer: GridViewer; query: ScanGridQuery },
): Promise<ScanGridPage> {
  const { projectId, viewer, query } = args;
  const ctx = await getLabelContext(db, projectId);
  const rows = await db.$queryRaw<GridRow[]>(Prisma.sql`
    WITH rows AS (
      SELECT a.id, a."scanId", a."authorId", a.source, a.value, a."supersedesId"
      FROM "Annotation" a WHERE a."projectId" = ${projectId} AND a.seq <= ${BigInt(ctx.seq)}
    ), heads AS (
      -- One hashed set of superseded ids: a correlated NOT EXISTS per row was planned as a
      -- nested loop over freshly imported (not yet analysed) rows and ran for minutes.
      SELECT r."scanId", json_agg(json_build_object('a', r."authorId", 's', r.source, 'v', r.value)) AS heads
      FROM rows r
      WHERE r.id NOT IN (SELECT s."supersedesId" FROM rows s WHERE s."supersedesId" IS NOT NULL)
      GROUP BY r."scanId"
    ), queued AS (
      SELECT q."scanId",
             max(q.rank) FILTER (WHERE q.queue = 'REVIEW') AS rank,
             max(q.score) FILTER (WHERE q.queue = 'REVIEW') AS score,
             array_agg(q.queue::text) FILTER (WHERE q.queue <> 'REVIEW') AS queues
      FROM "QueueItem" q WHERE q."projectId" = ${projectId}
      GROUP BY q."scanId"
    )
    SELECT s.id, s."originalName" AS title, s.split::text AS split, s."importedAt",
           queued.rank, queued.score, queued.queues, coalesce(heads.heads, '[]'::json) AS heads
    FROM "Scan" s
    LEFT JOIN heads ON heads."scanId" = s.id
    LEFT JOIN queued ON queued."scanId" = s.id
    WHERE s."projectId" = ${projectId}`);
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
