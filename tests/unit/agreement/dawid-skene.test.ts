import { describe, expect, it } from 'vitest';
import { dawidSkene, posteriorClass } from '@/lib/agreement/dawid-skene';
import { encodeReads } from '@/lib/agreement/encode';
import { majorityVote } from '@/lib/agreement/majority';
import { simulateReads } from './simulate';

const categories = ['none', 'hemorrhage', 'unsure'];
const accuracies = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6, 0.55];

/**
 * 3000 scans, 4 reads each from 7 readers: about 1700 reads per reader, so a reader's
 * accuracy is known to a binomial standard error of at most sqrt(0.25 / 1700) = 0.012.
 * A tolerance of 0.04 is over 3 standard errors for every planted accuracy.
 */
describe('Dawid–Skene', () => {
  it.each([1, 2, 3])('recovers planted reader accuracies (seed %i)', (seed) => {
    const { reads, truth } = simulateReads({
      seed,
      items: 3000,
      categories,
      accuracies,
      readsPerItem: 4,
      priors: [0.6, 0.3, 0.1],
    });
    const data = encodeReads(reads);
    const fit = dawidSkene(data);
    if (!fit.ok) throw new Error(fit.reason);
    expect(fit.converged).toBe(true);
    data.readers.forEach((name, r) => {
      const planted = accuracies[Number(name.split('-')[1])];
      expect(Math.abs(fit.readerAccuracy[r] - planted)).toBeLessThan(0.04);
    });
    const k = categories.length;
    const dsRight = data.items.filter(
      (item, i) => data.categories[posteriorClass(fit.posteriors, k, i).label] === truth.get(item),
    ).length;
    const majority = majorityVote(data);
    const majorityRight = data.items.filter((item, i) => data.categories[majority.label[i]] === truth.get(item)).length;
    expect(dsRight).toBeGreaterThan(majorityRight);
  });

  it('gives posteriors that sum to 1 and priors close to the planted ones', () => {
    const { reads } = simulateReads({
      seed: 9,
      items: 4000,
      categories,
      accuracies,
      readsPerItem: 5,
      priors: [0.6, 0.3, 0.1],
    });
    const data = encodeReads(reads, { categories });
    const fit = dawidSkene(data);
    if (!fit.ok) throw new Error(fit.reason);
    for (let i = 0; i < data.items.length; i++) {
      const sum = fit.posteriors[i * 3] + fit.posteriors[i * 3 + 1] + fit.posteriors[i * 3 + 2];
      expect(sum).toBeCloseTo(1, 10);
    }
    // 4000 draws: the prior of a class is known to sqrt(0.24 / 4000) = 0.008.
    [0.6, 0.3, 0.1].forEach((p, c) => expect(Math.abs(fit.classPriors[c] - p)).toBeLessThan(0.03));
  });

  it('is deterministic', () => {
    const { reads } = simulateReads({ seed: 5, items: 300, categories, accuracies, readsPerItem: 3 });
    const a = dawidSkene(encodeReads(reads));
    const b = dawidSkene(encodeReads(reads));
    expect(a).toEqual(b);
  });

  it('returns a reason for degenerate inputs', () => {
    expect(dawidSkene(encodeReads([]))).toEqual({ ok: false, reason: 'no-reads' });
    const one = [
      { item: 'a', reader: 'r1', label: 'x' },
      { item: 'b', reader: 'r1', label: 'y' },
    ];
    expect(dawidSkene(encodeReads(one))).toEqual({ ok: false, reason: 'one-reader' });
    const same = [
      { item: 'a', reader: 'r1', label: 'x' },
      { item: 'a', reader: 'r2', label: 'x' },
    ];
    expect(dawidSkene(encodeReads(same, { categories: ['x', 'y'] }))).toEqual({ ok: false, reason: 'one-category' });
  });
});
