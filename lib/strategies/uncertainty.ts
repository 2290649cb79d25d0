/**
 * Uncertainty measures over probability vectors. Natural logarithms (nats).
 * `length` lets callers pass reused scratch buffers longer than the class count.
 */

/** Differences below this are rounding noise, not information. */
const ROUNDING_NATS = 1e-12;

/**
 * Agreement measured through different arithmetic paths leaves noise of about 1e-16,
 * of either sign. Agreement is exactly 0, so agreeing scans tie and the tie goes to
 * the least recently served.
 */
export function withoutRoundingNoise(nats: number): number {
  return nats < ROUNDING_NATS ? 0 : nats;
}

export function entropy(p: ArrayLike<number>, length: number = p.length): number {
  let h = 0;
  for (let c = 0; c < length; c++) {
    const q = p[c];
    if (q > 0) h -= q * Math.log(q);
  }
  return h;
}

/** 1 - max p: high when even the top guess is unsure. */
export function leastConfidence(p: ArrayLike<number>, length: number = p.length): number {
  let max = p[0];
  for (let c = 1; c < length; c++) if (p[c] > max) max = p[c];
  return 1 - max;
}

/** 1 - (p1 - p2), so that, like every score here, higher means more worth a read. */
export function marginScore(p: ArrayLike<number>, length: number = p.length): number {
  let first = Number.NEGATIVE_INFINITY;
  let second = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < length; c++) {
    const q = p[c];
    if (q > first) {
      second = first;
      first = q;
    } else if (q > second) second = q;
  }
  return length < 2 ? 0 : 1 - (first - second);
}

/** Kullback-Leibler divergence KL(p || q); terms with p = 0 contribute nothing. */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>, length: number = p.length): number {
  let kl = 0;
  for (let c = 0; c < length; c++) {
    const a = p[c];
    if (a > 0) kl += a * Math.log(a / Math.max(q[c], Number.MIN_VALUE));
  }
  return kl;
}

/** Entropy of the vote shares: votes[c] / members. */
export function voteEntropy(votes: ArrayLike<number>, length: number, members: number): number {
  let h = 0;
  for (let c = 0; c < length; c++) {
    if (votes[c] > 0) {
      const share = votes[c] / members;
      h -= share * Math.log(share);
    }
  }
  return h;
}

/**
 * BALD's mutual information between the prediction and the model weights, estimated
 * from MC-dropout passes: H(mean of passes) - mean of H(pass). Zero when all passes
 * agree; NaN when the passes are empty or of unequal length. Leaves the mean of the
 * passes in `scratch`, which must hold at least one pass.
 */
export function mutualInformation(samples: readonly (readonly number[])[], scratch: Float64Array): number {
  const passes = samples.length;
  if (passes === 0) return Number.NaN;
  const k = samples[0].length;
  if (k === 0 || scratch.length < k) return Number.NaN;
  for (let c = 0; c < k; c++) scratch[c] = 0;
  let sumOfEntropies = 0;
  // One loop for both sums: this is the hot path of BALD (passes x classes logs per scan).
  for (let t = 0; t < passes; t++) {
    const pass = samples[t];
    if (pass.length !== k) return Number.NaN;
    for (let c = 0; c < k; c++) {
      const q = pass[c];
      scratch[c] += q;
      if (q > 0) sumOfEntropies -= q * Math.log(q);
    }
  }
  for (let c = 0; c < k; c++) scratch[c] /= passes;
  return withoutRoundingNoise(entropy(scratch, k) - sumOfEntropies / passes);
}
