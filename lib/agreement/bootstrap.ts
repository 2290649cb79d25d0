import { createRng } from '@/lib/random';
import { evaluatePlan, sumStats, type ItemStats, type StatPlan } from './item-stats';
import type { Estimate, StatResult } from './types';

export interface BootstrapOptions {
  /** Number of replicates; 0 gives no interval. */
  replicates: number;
  seed: number;
  /** Two-sided coverage of the percentile interval, e.g. 0.95. */
  confidence: number;
}

export const defaultBootstrap: BootstrapOptions = { replicates: 1000, seed: 1, confidence: 0.95 };

/**
 * Point values and percentile bootstrap intervals, resampling items (scans) with
 * replacement: reads of one scan are not independent, items are. All plans share the
 * same resamples (one draw of items per replicate), so a seed gives the same interval
 * for a statistic whichever others are computed with it; plans that share their
 * ItemStats are summed once per replicate. Replicates where a statistic is
 * undefined (e.g. only one category drawn) are left out of its interval.
 */
export function bootstrapEstimates(
  plans: readonly StatPlan[],
  nItems: number,
  options: Partial<BootstrapOptions> = {},
): Estimate[] {
  const { replicates, seed, confidence } = { ...defaultBootstrap, ...options };
  const points: StatResult[] = plans.map(evaluatePlan);
  const samples = points.map((p) => (p.ok ? new Float64Array(replicates) : null));
  const kept = new Int32Array(plans.length);
  const rng = createRng(seed);
  const multiplicity = new Int32Array(nItems);
  for (let b = 0; b < replicates && samples.some(Boolean); b++) {
    multiplicity.fill(0);
    for (let i = 0; i < nItems; i++) multiplicity[rng.int(nItems)]++;
    const sums = new Map<ItemStats, Float64Array>();
    plans.forEach((plan, j) => {
      if (!plan.ok || !samples[j]) return;
      if (!sums.has(plan.stats)) sums.set(plan.stats, sumStats(plan.stats, multiplicity));
      const r = plan.finalize(sums.get(plan.stats)!);
      if (r.ok) samples[j][kept[j]++] = r.value;
    });
  }
  return points.map((p, j): Estimate => {
    if (!p.ok) return p;
    const [ci_low, ci_high] = percentileInterval(samples[j]!.subarray(0, kept[j]), confidence);
    return { ok: true, value: p.value, ci_low, ci_high };
  });
}

/** One statistic with its interval (see bootstrapEstimates). */
export function bootstrapEstimate(plan: StatPlan, nItems: number, options: Partial<BootstrapOptions> = {}): Estimate {
  return bootstrapEstimates([plan], nItems, options)[0];
}

/** Percentile interval (type 7 quantiles, as R's default); nulls when there are no values. */
export function percentileInterval(values: Float64Array, confidence: number): [number | null, number | null] {
  if (values.length === 0) return [null, null];
  const sorted = Float64Array.from(values).sort();
  const tail = (1 - confidence) / 2;
  return [quantile(sorted, tail), quantile(sorted, 1 - tail)];
}

function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}
