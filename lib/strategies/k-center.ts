/**
 * Uncertainty-weighted k-center greedy (Sener & Savarese's core-set, with each
 * candidate's distance to the chosen set scaled by its uncertainty): each pick is the
 * candidate maximising weight * distance to the nearest earlier pick, so a batch
 * covers the embedding space instead of piling on near-duplicates.
 */
export interface KCenterPick {
  /** Row index into the candidate points. */
  row: number;
  /** Euclidean distance to the nearest earlier pick (Infinity for the first). */
  distance: number;
}

/** Keeps candidates with zero uncertainty ordered by distance rather than all tied at 0. */
const WEIGHT_FLOOR = 1e-9;

/**
 * points: n rows of `dim` values; weights: n uncertainties. Row 0 is picked first, so
 * callers pass candidates most uncertain first; ties go to the lower row.
 */
export function kCenterGreedy(points: Float64Array, dim: number, weights: Float64Array, k: number): KCenterPick[] {
  const n = weights.length;
  const picks: KCenterPick[] = [];
  if (n === 0 || k <= 0) return picks;
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const taken = new Uint8Array(n);
  let next = 0;
  let nextDistance = Number.POSITIVE_INFINITY;
  while (picks.length < Math.min(k, n)) {
    picks.push({ row: next, distance: nextDistance });
    taken[next] = 1;
    const from = next;
    let best = -1;
    let bestValue = Number.NEGATIVE_INFINITY;
    for (let r = 0; r < n; r++) {
      if (taken[r]) continue;
      const d = distance(points, dim, from, r);
      if (d < nearest[r]) nearest[r] = d;
      const value = (weights[r] + WEIGHT_FLOOR) * nearest[r];
      if (value > bestValue) {
        bestValue = value;
        best = r;
      }
    }
    next = best;
    nextDistance = best >= 0 ? nearest[best] : 0;
  }
  return picks;
}

function distance(points: Float64Array, dim: number, a: number, b: number): number {
  let sum = 0;
  const oa = a * dim;
  const ob = b * dim;
  for (let j = 0; j < dim; j++) {
    const d = points[oa + j] - points[ob + j];
    sum += d * d;
  }
  return Math.sqrt(sum);
}
