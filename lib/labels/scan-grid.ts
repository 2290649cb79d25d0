import type { Role } from '@/lib/auth/roles';
import type { ScanGridItem, ScanGridPage, ScanGridQuery } from '@/lib/schemas/scan-grid';
import type { Annotation } from './annotation';
import { chainHeads } from './chains';
import { canSeeOthers } from './visibility';

/** The head of one chain of a scan (docs/ARCHITECTURE.md, "Data model": Annotation). */
export interface GridHead {
  authorId: string;
  source: Annotation['source'];
  /** null: the read was retracted. */
  labels: string[] | null;
}

/** A scan's chain heads from its rows (the store computes the same in SQL). */
export function gridHeadsOf(rows: readonly Annotation[]): GridHead[] {
  return [...chainHeads(rows).values()].map((h) => ({
    authorId: h.authorId,
    source: h.source,
    labels: h.value?.labels ?? null,
  }));
}

export interface GridScan {
  id: string;
  title: string;
  split: ScanGridItem['split'];
  importedAt: Date;
}

export interface GridQueues {
  /** Review queue: scan id to rank and score. */
  review: Map<string, { rank: number; score: number | null }>;
  adjudication: Set<string>;
  suspectedError: Set<string>;
}

export interface GridViewer {
  id: string;
  role: Role;
}

/** One scan's card for one viewer (blind mode applied: hidden labels count for nothing). */
export function gridItemOf(
  scan: GridScan,
  heads: readonly GridHead[],
  queues: GridQueues,
  viewer: GridViewer,
  ctx: { blindMode: boolean; readsPerScan: number },
): ScanGridItem {
  // A human read: not the reference (adjudication), not a prior imported with the scan, not retracted.
  const readHeads = heads.filter((h) => h.source !== 'ADJUDICATION' && h.source !== 'IMPORT' && h.labels !== null);
  const reads = readHeads.length;
  const own = heads.find((h) => h.source !== 'ADJUDICATION' && h.authorId === viewer.id);
  const authored = own !== undefined || heads.some((h) => h.authorId === viewer.id);
  const visible = canSeeOthers({ ...ctx, authored, role: viewer.role, readCount: reads });
  const readLabels = readHeads.map((h) => [...(h.labels ?? [])].sort());
  const labels = new Set<string>();
  if (visible) for (const head of heads) for (const l of head.labels ?? []) labels.add(l);
  const review = queues.review.get(scan.id);
  const mine = own?.labels ?? null;
  return {
    id: scan.id,
    title: scan.title,
    split: scan.split,
    importedAt: scan.importedAt.toISOString(),
    rank: review?.rank ?? null,
    uncertainty: review?.score ?? null,
    readCount: reads,
    mine,
    labels: visible ? [...labels].sort() : mine,
    disagreement: visible && new Set(readLabels.map((l) => l.join('\u0000'))).size > 1,
    queues: [
      ...(queues.adjudication.has(scan.id) ? (['ADJUDICATION'] as const) : []),
      ...(queues.suspectedError.has(scan.id) ? (['SUSPECTED_ERROR'] as const) : []),
    ],
  };
}

const byName = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Filters, searches and sorts the cards, then cuts the requested page. */
export function pageOfGrid(
  items: ScanGridItem[],
  query: ScanGridQuery,
  ctx: { readsPerScan: number; seq: number },
): ScanGridPage {
  const { readsPerScan } = ctx;
  const q = query.q?.toLowerCase();
  const needsMyRead = (s: ScanGridItem) => s.mine === null && s.readCount < readsPerScan;
  const kept = items.filter((s) => {
    if (q && !s.title.toLowerCase().includes(q)) return false;
    if (query.split && s.split !== query.split) return false;
    if (query.label && !(s.labels ?? []).includes(query.label)) return false;
    switch (query.filter) {
      case undefined:
        return true;
      case 'needs-my-read':
        return needsMyRead(s);
      case 'disagreement':
        return s.disagreement;
      case 'needs-adjudication':
        return s.queues.includes('ADJUDICATION');
      case 'suspected-error':
        return s.queues.includes('SUSPECTED_ERROR');
    }
  });
  kept.sort(comparator(query.sort));
  return {
    seq: ctx.seq,
    total: kept.length,
    needsMyRead: items.filter(needsMyRead).length,
    offset: query.offset,
    readsPerScan,
    items: kept.slice(query.offset, query.offset + query.limit),
  };
}

type Compare = (a: ScanGridItem, b: ScanGridItem) => number;

/** Missing values (unranked, unscored) last; ties by name, so that the order is stable across pages. */
function comparator(sort: ScanGridQuery['sort']): Compare {
  const name: Compare = (a, b) => byName.compare(a.title, b.title) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const nullsLast =
    (get: (s: ScanGridItem) => number | null, dir: 1 | -1): Compare =>
    (a, b) => {
      const x = get(a);
      const y = get(b);
      if (x === null || y === null) return x === y ? name(a, b) : x === null ? 1 : -1;
      return (x - y) * dir || name(a, b);
    };
  switch (sort) {
    case 'rank':
      return nullsLast((s) => s.rank, 1);
    case 'uncertainty':
      return nullsLast((s) => s.uncertainty, -1);
    case 'name':
      return name;
    case 'imported':
      return (a, b) => (a.importedAt < b.importedAt ? 1 : a.importedAt > b.importedAt ? -1 : name(a, b));
  }
}
