/** Softmax of logits / temperature, shifted by the max for stability. */
export function softmax(logits: readonly number[], temperature = 1): number[] {
  let max = -Infinity;
  for (const z of logits) if (z > max) max = z;
  const e = logits.map((z) => Math.exp((z - max) / temperature));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / sum);
}

/** Mean negative log-likelihood of the true classes under softmax(logits / temperature). */
export function negativeLogLikelihood(
  logits: readonly (readonly number[])[],
  yTrue: readonly number[],
  temperature = 1,
): number {
  if (logits.length === 0) return 0;
  let total = 0;
  for (let i = 0; i < logits.length; i++) {
    const z = logits[i];
    let max = -Infinity;
    for (const v of z) if (v / temperature > max) max = v / temperature;
    let sum = 0;
    for (const v of z) sum += Math.exp(v / temperature - max);
    total += max + Math.log(sum) - z[yTrue[i]] / temperature;
  }
  return total / logits.length;
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  /** Mean top-class probability in the bin (0 when empty). */
  confidence: number;
  /** Fraction of the bin whose top class was right (0 when empty). */
  accuracy: number;
}

export interface CalibrationSummary {
  ece: number;
  bins: CalibrationBin[];
}

/** Guo et al. (2017) use 15 equal-width bins; we follow them so numbers compare with the literature. */
export const defaultEceBins = 15;

/**
 * Expected calibration error over equal-width confidence bins (lower, upper]:
 * sum over bins of (bin size / N) * |accuracy - confidence|, confidence = top-class probability.
 */
export function expectedCalibrationError(
  probabilities: readonly (readonly number[])[],
  yTrue: readonly number[],
  binCount = defaultEceBins,
): CalibrationSummary {
  const sums = Array.from({ length: binCount }, () => ({ count: 0, conf: 0, correct: 0 }));
  probabilities.forEach((p, i) => {
    let top = 0;
    for (let j = 1; j < p.length; j++) if (p[j] > p[top]) top = j;
    const b = Math.min(binCount - 1, Math.max(0, Math.ceil(p[top] * binCount) - 1));
    sums[b].count++;
    sums[b].conf += p[top];
    sums[b].correct += top === yTrue[i] ? 1 : 0;
  });
  const n = probabilities.length;
  let ece = 0;
  const bins = sums.map((s, b) => {
    const confidence = s.count ? s.conf / s.count : 0;
    const accuracy = s.count ? s.correct / s.count : 0;
    if (n) ece += (s.count / n) * Math.abs(accuracy - confidence);
    return { lower: b / binCount, upper: (b + 1) / binCount, count: s.count, confidence, accuracy };
  });
  return { ece, bins };
}

/** Where fitTemperature searches by default. */
export const temperatureRange = { min: 0.05, max: 20 } as const;

/**
 * Temperature scaling (Guo et al. 2017): the T > 0 minimising validation NLL of softmax(z / T).
 * NLL is convex in 1/T, so a golden-section search over 1/T in [1/maxT, 1/minT] finds the minimum.
 */
export function fitTemperature(
  logits: readonly (readonly number[])[],
  yTrue: readonly number[],
  opts: { minT?: number; maxT?: number; iterations?: number } = {},
): number {
  if (logits.length === 0) return 1;
  const f = (beta: number) => negativeLogLikelihood(logits, yTrue, 1 / beta);
  let lo = 1 / (opts.maxT ?? temperatureRange.max);
  let hi = 1 / (opts.minT ?? temperatureRange.min);
  const g = (Math.sqrt(5) - 1) / 2;
  let a = hi - g * (hi - lo);
  let b = lo + g * (hi - lo);
  let fa = f(a);
  let fb = f(b);
  for (let i = 0; i < (opts.iterations ?? 80); i++) {
    if (fa <= fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - g * (hi - lo);
      fa = f(a);
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + g * (hi - lo);
      fb = f(b);
    }
  }
  return 2 / (lo + hi);
}

export interface TemperatureChoice {
  /** The temperature to use: the fitted one, or 1 when scaling did not help. */
  temperature: number;
  fitted: number;
  eceBefore: number;
  eceFitted: number;
  /** The fit ran to the edge of the search range: the set does not pin a temperature down. */
  atBound: boolean;
  kept: boolean;
}

/**
 * Temperature scaling that never makes calibration worse: fits T on held-out logits (data not
 * used for early stopping) and keeps it only when it lowers the ECE there; otherwise T = 1.
 * Minimising NLL usually lowers ECE, but on a small or very confident set it can raise it.
 * A fit at the edge of the range is refused too: when every held-out example is right by a
 * margin, NLL falls as T shrinks without end, and the T it stops at would make the model
 * near-certain of everything it sees next, right or wrong.
 */
export function chooseTemperature(
  logits: readonly (readonly number[])[],
  yTrue: readonly number[],
  binCount = defaultEceBins,
): TemperatureChoice {
  const fitted = fitTemperature(logits, yTrue);
  const ece = (t: number) =>
    expectedCalibrationError(
      logits.map((z) => softmax(z, t)),
      yTrue,
      binCount,
    ).ece;
  const eceBefore = ece(1);
  const eceFitted = ece(fitted);
  const atBound = fitted <= temperatureRange.min * 1.01 || fitted >= temperatureRange.max * 0.99;
  const kept = logits.length > 0 && !atBound && eceFitted < eceBefore;
  return { temperature: kept ? fitted : 1, fitted, eceBefore, eceFitted, atBound, kept };
}
