import { createRng } from '@/lib/random';
import { sumStats, type ItemStats, type StatPlan } from './item-stats';
import type { Estimate, StatResult } from './types';

export interface BootstrapOptions {
  /** Number of replicates; 0 gives no interval. */
  replicates: number;
  seed: number;
  /** Two-sided coverage of the percentile interval, e.g. 0.95. */
  confidence: number;
}

const defaultBootstrap: BootstrapOptions = { replicates: 1000, seed: 1, confidence: 0.95 };

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
  return bootstrapRun(plans, nItems, options).estimates;
}

/**
 * bootstrapEstimates that may stop early: `stop` is asked between replicates (and every
 * few hundred statistics within one); when it says so, the intervals come from the
 * replicates finished so far. `replicates` is how many that was.
 */
export function bootstrapRun(
  plans: readonly StatPlan[],
  nItems: number,
  options: Partial<BootstrapOptions> & { stop?: () => boolean } = {},
): { estimates: Estimate[]; replicates: number } {
  const { replicates, seed, confidence } = { ...defaultBootstrap, ...options };
  const stop = options.stop ?? (() => false);
  // Plans that share their ItemStats (every reader pair's kappa shares one table) are summed
  // once: summing per plan made the point estimates grow with readers to the fourth power.
  const pointSums = new Map<ItemStats, Float64Array>();
  const points: StatResult[] = plans.map((plan) => {
    if (!plan.ok) return plan;
    if (!pointSums.has(plan.stats)) pointSums.set(plan.stats, sumStats(plan.stats));
    return plan.finalize(pointSums.get(plan.stats)!);
  });
  pointSums.clear();
  const samples = points.map((p) => (p.ok ? new Float64Array(replicates) : null));
  const kept = new Int32Array(plans.length);
  const rng = createRng(seed);
  const multiplicity = new Int32Array(nItems);
  const values = new Float64Array(plans.length);
  const defined = new Uint8Array(plans.length);
  let done = 0;
  replicate: for (let b = 0; b < replicates && samples.some(Boolean); b++) {
    if (stop()) break;
    multiplicity.fill(0);
    defined.fill(0);
    for (let i = 0; i < nItems; i++) multiplicity[rng.int(nItems)]++;
    const sums = new Map<ItemStats, Float64Array>();
    for (let j = 0; j < plans.length; j++) {
      // A replicate left half-way is not counted: its statistics are dropped together.
      if (j % STOP_CHECK_EVERY === STOP_CHECK_EVERY - 1 && stop()) break replicate;
      const plan = plans[j];
      if (!plan.ok || !samples[j]) continue;
      if (!sums.has(plan.stats)) sums.set(plan.stats, sumStats(plan.stats, multiplicity));
      const r = plan.finalize(sums.get(plan.stats)!);
      if (r.ok) {
        values[j] = r.value;
        defined[j] = 1;
      }
    }
    for (let j = 0; j < plans.length; j++) if (defined[j]) samples[j]![kept[j]++] = values[j];
    done += 1;
  }
  const estimates = points.map((p, j): Estimate => {
    if (!p.ok) return p;
    const [ci_low, ci_high] = percentileInterval(samples[j]!.subarray(0, kept[j]), confidence);
    return { ok: true, value: p.value, ci_low, ci_high };
  });
  return { estimates, replicates: done };
}

/** Statistics computed between two looks at the clock within one replicate. */
const STOP_CHECK_EVERY = 256;

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
