import type { CodedReads } from './encode';
import { ItemStatsBuilder, readerGuard, type ItemStats, type StatPlan } from './item-stats';
import type { StatResult } from './types';

/**
 * Column layout of the per-item sums over pairable items that percent agreement, Fleiss'
 * kappa, Krippendorff's alpha and the per-class values are all functions of. With m reads
 * on an item, n_c of them in class c, and agreeing = sum_c n_c (n_c - 1):
 * items: 1; pairShare: agreeing / (m (m - 1)); coincidence: agreeing / (m - 1); reads: m;
 * count(c): n_c; diagonal(c): n_c (n_c - 1) / (m - 1), Krippendorff's o_cc of the item.
 */
export function pairableColumns(k: number) {
  return {
    items: 0,
    pairShare: 1,
    coincidence: 2,
    reads: 3,
    count: (c: number) => 4 + c,
    diagonal: (c: number) => 4 + k + c,
    width: 4 + 2 * k,
  };
}

const pairableCache = new WeakMap<CodedReads, ItemStats>();

/** The shared per-item sums (built once per coded table, so a bootstrap sums them once). */
export function pairableStats(data: CodedReads): ItemStats {
  const cached = pairableCache.get(data);
  if (cached) return cached;
  const k = data.categories.length;
  const col = pairableColumns(k);
  const b = new ItemStatsBuilder(col.width);
  forEachPairableItem(data, (item, counts, m) => {
    let agreeing = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      const pairs = counts[c] * (counts[c] - 1);
      agreeing += pairs;
      b.add(col.count(c), counts[c]);
      if (pairs > 0) b.add(col.diagonal(c), pairs / (m - 1));
    }
    b.add(col.items, 1);
    b.add(col.pairShare, agreeing / (m * (m - 1)));
    b.add(col.coincidence, agreeing / (m - 1));
    b.add(col.reads, m);
    b.endRow(item);
  });
  const stats = b.build();
  pairableCache.set(data, stats);
  return stats;
}

/** A statistic of the shared pairable sums, after the reader checks. */
export function pairablePlan(data: CodedReads, finalize: (sums: Float64Array) => StatResult): StatPlan {
  return readerGuard(data) ?? { ok: true, stats: pairableStats(data), finalize };
}

/**
 * Calls `visit` for every item with at least two reads (the pairable ones) with the
 * item's count per category; `counts` is reused between calls, so copy what you keep.
 */
function forEachPairableItem(data: CodedReads, visit: (item: number, counts: Int32Array, reads: number) => void): void {
  const counts = new Int32Array(data.categories.length);
  const { itemStart, label } = data;
  for (let i = 0; i + 1 < itemStart.length; i++) {
    const m = itemStart[i + 1] - itemStart[i];
    if (m < 2) continue;
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) counts[label[p]]++;
    visit(i, counts, m);
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) counts[label[p]] = 0;
  }
}
