import { describe, expect, it } from 'vitest';
import { bootstrapEstimate, bootstrapEstimates, percentileInterval } from '@/lib/agreement/bootstrap';
import { cohenKappaPairPlans } from '@/lib/agreement/cohen-kappa';
import { encodeReads } from '@/lib/agreement/encode';
import { krippendorffAlphaPlan } from '@/lib/agreement/krippendorff-alpha';
import { createRng } from '@/lib/random';
import { readsFromTable } from './fixtures';
import { simulateReads } from './simulate';

const { reads } = simulateReads({
  seed: 11,
  items: 400,
  categories: ['a', 'b', 'c'],
  accuracies: [0.9, 0.8, 0.7, 0.6],
  readsPerItem: 3,
});
const data = encodeReads(reads);

describe('bootstrap intervals', () => {
  it('are reproducible with a seed and change with another', () => {
    const plan = krippendorffAlphaPlan(data);
    const a = bootstrapEstimate(plan, data.items.length, { replicates: 300, seed: 7 });
    const b = bootstrapEstimate(plan, data.items.length, { replicates: 300, seed: 7 });
    const c = bootstrapEstimate(plan, data.items.length, { replicates: 300, seed: 8 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('bracket the value and narrow with more items', () => {
    const small = encodeReads(reads.filter((r) => Number(r.item.split('-')[1]) < 100));
    const width = (d: typeof data) => {
      const e = bootstrapEstimate(krippendorffAlphaPlan(d), d.items.length, { replicates: 500, seed: 3 });
      if (!e.ok || e.ci_low === null || e.ci_high === null) throw new Error('expected an interval');
      expect(e.ci_low).toBeLessThan(e.value);
      expect(e.ci_high).toBeGreaterThan(e.value);
      return e.ci_high - e.ci_low;
    };
    // Four times the items: the interval should shrink by about half.
    const ratio = width(data) / width(small);
    expect(ratio).toBeGreaterThan(0.35);
    expect(ratio).toBeLessThan(0.7);
  });

  it('cover a known kappa about as often as they claim (seeded simulation)', () => {
    // A 2x2 population with kappa 0.4 (Wikipedia's table as cell probabilities).
    const population = readsFromTable(
      [
        [20, 5],
        [10, 15],
      ],
      ['yes', 'no'],
    );
    const items = population.length / 2;
    let covered = 0;
    const trials = 60;
    for (let t = 0; t < trials; t++) {
      const draw = simulatePairSample(population, items, 100 + t);
      const plan = cohenKappaPairPlans(encodeReads(draw))[0].plan;
      const e = bootstrapEstimate(plan, items, { replicates: 300, seed: t });
      if (e.ok && e.ci_low !== null && e.ci_high !== null && e.ci_low <= 0.4 && 0.4 <= e.ci_high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.85);
  });

  it('give no interval with zero replicates, and share resamples between plans', () => {
    const [e] = bootstrapEstimates([krippendorffAlphaPlan(data)], data.items.length, { replicates: 0 });
    expect(e).toMatchObject({ ok: true, ci_low: null, ci_high: null });
    const plan = krippendorffAlphaPlan(data);
    const [x, y] = bootstrapEstimates([plan, plan], data.items.length, { replicates: 200, seed: 1 });
    expect(x).toEqual(y);
    expect(bootstrapEstimate(plan, data.items.length, { replicates: 200, seed: 1 })).toEqual(x);
  });

  it('sums a table shared by many plans once for the point values and once per replicate', () => {
    // Every reader pair's kappa reads one shared table; at 400 readers that is 79,800 plans.
    const pairs = cohenKappaPairPlans(data);
    const shared = pairs.find((p) => p.plan.ok)!.plan;
    if (!shared.ok) throw new Error('no pair with overlap');
    let sums = 0;
    const counted = { ...shared.stats };
    Object.defineProperty(counted, 'rowItem', {
      get: () => ((sums += 1), shared.stats.rowItem),
    });
    const plans = pairs.map((p) => (p.plan.ok ? { ...p.plan, stats: counted } : p.plan));
    const replicates = 3;
    const estimates = bootstrapEstimates(plans, data.items.length, { replicates, seed: 2 });
    expect(sums).toBe(1 + replicates);
    expect(estimates).toEqual(
      bootstrapEstimates(
        pairs.map((p) => p.plan),
        data.items.length,
        { replicates, seed: 2 },
      ),
    );
  });

  it('percentile interval uses type-7 quantiles', () => {
    expect(percentileInterval(Float64Array.from([1, 2, 3, 4, 5]), 0.5)).toEqual([2, 4]);
    expect(percentileInterval(new Float64Array(0), 0.95)).toEqual([null, null]);
  });
});

/** Items drawn with replacement from a two-reader population (each item keeps its two reads). */
function simulatePairSample(population: { item: string; reader: string; label: string }[], n: number, seed: number) {
  const rng = createRng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const j = rng.int(n);
    out.push({ ...population[2 * j], item: `s-${i}` }, { ...population[2 * j + 1], item: `s-${i}` });
  }
  return out;
}
