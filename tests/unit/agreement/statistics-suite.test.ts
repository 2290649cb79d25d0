import { describe, expect, it } from 'vitest';
import { cohenKappa } from '@/lib/agreement/cohen-kappa';
import { encodeReads, type CodedReads } from '@/lib/agreement/encode';
import { fleissKappa } from '@/lib/agreement/fleiss-kappa';
import { krippendorffAlpha } from '@/lib/agreement/krippendorff-alpha';
import type { Read, StatResult, WeightKind } from '@/lib/agreement/types';
import { createRng } from '@/lib/random';
import { simulateReads } from './simulate';

/** Every chance-corrected statistic, run through the same properties: one suite, so a new statistic is held to the same properties. */
interface Statistic {
  name: string;
  compute: (data: CodedReads) => StatResult;
  /** Cohen's kappa compares two readers; the others take any number. */
  readers: 2 | 'many';
  weights: WeightKind;
}

const cohen = (weights: WeightKind): Statistic => ({
  name: `Cohen's kappa (${weights})`,
  compute: (d) => cohenKappa(d, { weights }),
  readers: 2,
  weights,
});

const statistics: Statistic[] = [
  cohen('none'),
  cohen('linear'),
  cohen('quadratic'),
  { name: "Fleiss' kappa", compute: fleissKappa, readers: 'many', weights: 'none' },
  { name: "Krippendorff's alpha", compute: krippendorffAlpha, readers: 'many', weights: 'none' },
];

const categories = ['none', 'small', 'medium', 'large'];

function sample(stat: Statistic, seed: number): Read[] {
  const readers = stat.readers === 2 ? 2 : 5;
  const accuracies = Array.from({ length: readers }, (_, r) => 0.55 + 0.08 * r);
  return simulateReads({ seed, items: 60, categories, accuracies, readsPerItem: stat.readers === 2 ? 2 : 3 }).reads;
}

function compute(stat: Statistic, reads: Read[], order = categories): StatResult {
  return stat.compute(encodeReads(reads, { categories: order }));
}

function valueOf(r: StatResult): number {
  if (!r.ok) throw new Error(`expected a value, got reason ${r.reason}`);
  expect(Number.isFinite(r.value)).toBe(true);
  return r.value;
}

const seeds = [1, 2, 3, 17, 2024];

describe.each(statistics)('$name', (stat) => {
  it('is 1 under perfect agreement', () => {
    for (const seed of seeds) {
      const reads = sample(stat, seed);
      const truthOf = new Map(reads.map((r) => [r.item, r.label]));
      const perfect = reads.map((r) => ({ ...r, label: truthOf.get(r.item)! }));
      expect(valueOf(compute(stat, perfect))).toBeCloseTo(1, 12);
    }
  });

  it('is symmetric in readers (renaming reorders them)', () => {
    for (const seed of seeds) {
      const reads = sample(stat, seed);
      const rename = (r: string) => `z-${999 - Number(r.split('-')[1])}`;
      const swapped = reads.map((r) => ({ ...r, reader: rename(r.reader) }));
      expect(valueOf(compute(stat, swapped))).toBeCloseTo(valueOf(compute(stat, reads)), 12);
    }
  });

  it('is invariant to relabelling categories (order-preserving or reversed when weighted)', () => {
    for (const seed of seeds) {
      const reads = sample(stat, seed);
      const order = stat.weights === 'none' ? createRng(seed).shuffle([...categories]) : [...categories].reverse();
      const rename = new Map(categories.map((c) => [c, `class-${order.indexOf(c)}`]));
      const renamed = reads.map((r) => ({ ...r, label: rename.get(r.label)! }));
      const newOrder = categories.map((_, i) => `class-${i}`);
      expect(valueOf(compute(stat, renamed, newOrder))).toBeCloseTo(valueOf(compute(stat, reads)), 12);
    }
  });

  it('never exceeds 1 and is never NaN on small random tables', () => {
    for (let seed = 100; seed < 160; seed++) {
      const rng = createRng(seed);
      const reads = simulateReads({
        seed,
        items: 1 + rng.int(6),
        categories: categories.slice(0, 2 + rng.int(3)),
        accuracies: [0.6, 0.7, 0.8].slice(0, stat.readers === 2 ? 2 : 3),
        readsPerItem: 1 + rng.int(2),
      }).reads;
      const r = stat.compute(encodeReads(reads));
      if (r.ok) {
        expect(Number.isFinite(r.value)).toBe(true);
        expect(r.value).toBeLessThanOrEqual(1 + 1e-12);
      } else {
        expect(['one-category', 'no-overlap', 'one-reader']).toContain(r.reason);
      }
    }
  });

  describe('degenerate cases give a reason, not NaN', () => {
    const read = (item: string, reader: string, label: string): Read => ({ item, reader, label });
    it('no reads', () => {
      expect(stat.compute(encodeReads([]))).toEqual({ ok: false, reason: 'no-reads' });
    });
    it('one reader', () => {
      const reads = [read('a', 'r1', 'x'), read('b', 'r1', 'y')];
      expect(stat.compute(encodeReads(reads))).toEqual({ ok: false, reason: 'one-reader' });
    });
    it('one category', () => {
      const reads = [read('a', 'r1', 'x'), read('a', 'r2', 'x'), read('b', 'r1', 'x'), read('b', 'r2', 'x')];
      expect(stat.compute(encodeReads(reads))).toEqual({ ok: false, reason: 'one-category' });
    });
    it('no overlap', () => {
      const reads = [read('a', 'r1', 'x'), read('b', 'r2', 'y')];
      expect(stat.compute(encodeReads(reads))).toEqual({ ok: false, reason: 'no-overlap' });
    });
  });
});
