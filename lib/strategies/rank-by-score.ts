import { createOrderKeys, setOrderKey, sortedOrder, type OrderKeys } from './order';
import type { RankedScan, ScanScores } from './types';

/** How a score-based strategy scores and explains one scan. */
export interface ScoreSpec {
  /** Higher = more worth a read; not finite = the scan lacks what the strategy needs. */
  score(scan: ScanScores): number;
  /** Called right after score() for the same scan, so it may reuse what score() read. */
  explain(scan: ScanScores, score: number): string;
  /** Why the scan could not be scored (it is ranked last, never dropped). */
  missing(scan: ScanScores): string;
}

export interface ScoredScans {
  keys: OrderKeys;
  /** Per input index; not finite = lacks what the strategy needs. */
  raw: Float64Array;
  reasons: string[];
}

/**
 * One pass over the scans in input order for scores, reasons and sort keys: at 100k
 * scans, walking the scan objects again (let alone in ranked order) costs more in
 * cache misses than the sort itself.
 */
export function scoreAll(scans: readonly ScanScores[], spec: ScoreSpec): ScoredScans {
  const n = scans.length;
  const keys = createOrderKeys(n);
  const raw = new Float64Array(n);
  const reasons: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const scan = scans[i];
    const s = spec.score(scan);
    raw[i] = s;
    reasons[i] = Number.isFinite(s) ? spec.explain(scan, s) : `ranked after scored scans: ${spec.missing(scan)}`;
    setOrderKey(keys, i, s, scan.lastServedAt, scan.scanId);
  }
  return { keys, raw, reasons };
}

/** Turns an order of input indices into the ranked queue. Missing scores report 0. */
export function emitRanking(order: ArrayLike<number>, scored: ScoredScans): RankedScan[] {
  const ranked: RankedScan[] = new Array(order.length);
  for (let r = 0; r < order.length; r++) {
    const i = order[r];
    const s = scored.raw[i];
    ranked[r] = {
      scanId: scored.keys.scanIds[i],
      rank: r + 1,
      score: Number.isFinite(s) ? s : 0,
      reason: scored.reasons[i],
    };
  }
  return ranked;
}

export function rankByScore(scans: readonly ScanScores[], spec: ScoreSpec): RankedScan[] {
  const scored = scoreAll(scans, spec);
  return emitRanking(sortedOrder(scored.keys), scored);
}

/** A scan's stored score (Score.value), ranked again without the model outputs. */
export interface StoredScore {
  scanId: string;
  lastServedAt: number | null;
  /** null = the strategy could not score the scan. */
  score: number | null;
  reason: string;
}

/**
 * Re-ranks stored scores with the shared order, e.g. after serving changed the
 * least-recently-served tie-breaks: scores from a model version are computed once.
 * A diverse batch is not recomputed here (its picks depend on each other).
 */
export function rankStoredScores(items: readonly StoredScore[]): RankedScan[] {
  const n = items.length;
  const scored: ScoredScans = { keys: createOrderKeys(n), raw: new Float64Array(n), reasons: new Array(n) };
  for (let i = 0; i < n; i++) {
    const item = items[i];
    const s = item.score ?? Number.NaN;
    scored.raw[i] = s;
    scored.reasons[i] = item.reason;
    setOrderKey(scored.keys, i, s, item.lastServedAt, item.scanId);
  }
  return emitRanking(sortedOrder(scored.keys), scored);
}
