/**
 * The one ordering every strategy uses: score descending, then the scan served least
 * recently (never served first) so two readers rarely get the same scan, then scanId
 * so the result never depends on the input order.
 */
export interface OrderKeys {
  /** Higher first; -Infinity for scans lacking what the strategy needs. */
  score: Float64Array;
  /** lastServedAt in ms, -Infinity for never served. */
  servedAt: Float64Array;
  scanIds: string[];
}

export function createOrderKeys(n: number): OrderKeys {
  return { score: new Float64Array(n), servedAt: new Float64Array(n), scanIds: new Array(n) };
}

/** Fills row i; a score that is not finite sorts last. */
export function setOrderKey(
  keys: OrderKeys,
  i: number,
  score: number,
  lastServedAt: number | null,
  scanId: string,
): void {
  keys.score[i] = Number.isFinite(score) ? score : Number.NEGATIVE_INFINITY;
  keys.servedAt[i] = lastServedAt ?? Number.NEGATIVE_INFINITY;
  keys.scanIds[i] = scanId;
}

/** Negative when row a comes before row b. */
export function compareRanked(keys: OrderKeys, a: number, b: number): number {
  const sa = keys.score[a];
  const sb = keys.score[b];
  if (sa !== sb) return sa > sb ? -1 : 1;
  const ta = keys.servedAt[a];
  const tb = keys.servedAt[b];
  if (ta !== tb) return ta < tb ? -1 : 1;
  const ia = keys.scanIds[a];
  const ib = keys.scanIds[b];
  return ia < ib ? -1 : ia > ib ? 1 : 0;
}

/** The packed pre-sort carries the row index in this many low bits. */
const INDEX_BITS = 20;
const INDEX_MASK = (1 << INDEX_BITS) - 1;
const SCORE_LOW_MASK = ~INDEX_MASK >>> 0;
/** The word pairs below are read as (low, high): true on every platform Node ships for. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const scratchDouble = new Float64Array(1);
const scratchWords = new Uint32Array(scratchDouble.buffer);

/**
 * Row indices in ranked order: exactly the order of compareRanked. A comparator sort
 * of 100k rows takes ~25 ms here, so rows are first sorted natively by their score's
 * bits (a 64-bit key: the top 44 bits of the score, the row index below), then every
 * run whose truncated scores are equal (true ties, and scores within ~1e-10 of each
 * other) is sorted with compareRanked.
 */
export function sortedOrder(keys: OrderKeys): Uint32Array {
  const n = keys.score.length;
  const order = new Uint32Array(n);
  if (n > INDEX_MASK + 1 || !LITTLE_ENDIAN) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order.sort((a, b) => compareRanked(keys, a, b));
  }
  const words = packScores(keys.score);
  for (let r = 0; r < n; r++) order[r] = words[2 * r] & INDEX_MASK;
  let start = 0;
  for (let r = 1; r <= n; r++) {
    const sameScore =
      r < n && words[2 * r + 1] === words[2 * start + 1] && ((words[2 * r] ^ words[2 * start]) & SCORE_LOW_MASK) === 0;
    if (sameScore) continue;
    if (r - start > 1) order.subarray(start, r).sort((a, b) => compareRanked(keys, a, b));
    start = r;
  }
  return order;
}

/** Little-endian word pairs of natively sorted 64-bit keys; ascending key = descending score. */
function packScores(score: Float64Array): Uint32Array {
  const packed = new BigUint64Array(score.length);
  const words = new Uint32Array(packed.buffer);
  for (let i = 0; i < score.length; i++) {
    // 0 - s, not -s: -0 and 0 must get the same key.
    scratchDouble[0] = 0 - score[i];
    let low = scratchWords[0];
    let high = scratchWords[1];
    // IEEE 754 bits sort like the numbers once negatives are flipped and positives get the sign bit.
    if (high & 0x80000000) {
      high = ~high >>> 0;
      low = ~low >>> 0;
    } else high = (high | 0x80000000) >>> 0;
    words[2 * i] = ((low & SCORE_LOW_MASK) | i) >>> 0;
    words[2 * i + 1] = high;
  }
  packed.sort();
  return words;
}
