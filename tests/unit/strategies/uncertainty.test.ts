import { describe, expect, it } from 'vitest';
import {
  entropy,
  klDivergence,
  leastConfidence,
  marginScore,
  mutualInformation,
  voteEntropy,
} from '@/lib/strategies/uncertainty';

const scratch = new Float64Array(8);
const repeat = (p: number[], n: number) => Array.from({ length: n }, () => p);

describe('uncertainty measures: known values', () => {
  it('entropy', () => {
    expect(entropy([0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
    expect(entropy([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(Math.log(4), 12);
    expect(entropy([1, 0, 0])).toBe(0);
    expect(entropy([0.6, 0.2, 0.1, 0.1])).toBeCloseTo(1.0889, 4);
  });

  it('least confidence and margin', () => {
    expect(leastConfidence([0.7, 0.2, 0.1])).toBeCloseTo(0.3, 12);
    expect(marginScore([0.2, 0.7, 0.1])).toBeCloseTo(0.5, 12);
    expect(marginScore([0.45, 0.1, 0.45])).toBe(1);
  });

  it('only the first `length` entries count (reused buffers)', () => {
    const buffer = Float64Array.from([0.5, 0.5, 0.9, 0.9]);
    expect(entropy(buffer, 2)).toBeCloseTo(Math.LN2, 12);
    expect(leastConfidence(buffer, 2)).toBe(0.5);
  });

  it('KL divergence', () => {
    expect(klDivergence([0.5, 0.5], [0.25, 0.75])).toBeCloseTo(0.5 * Math.log(2) + 0.5 * Math.log(2 / 3), 12);
    expect(klDivergence([0.3, 0.7], [0.3, 0.7])).toBe(0);
    expect(klDivergence([0, 1], [0.5, 0.5])).toBeCloseTo(Math.LN2, 12);
  });

  it('vote entropy', () => {
    expect(voteEntropy([3, 0, 0], 3, 3)).toBe(0);
    expect(voteEntropy([1, 1, 1], 3, 3)).toBeCloseTo(Math.log(3), 12);
    expect(voteEntropy([2, 1, 0], 3, 3)).toBeCloseTo(-(2 / 3) * Math.log(2 / 3) - (1 / 3) * Math.log(1 / 3), 12);
  });

  it('BALD is zero when all MC samples agree, however unsure each one is', () => {
    expect(mutualInformation(repeat([0.5, 0.5], 10), scratch)).toBe(0);
    expect(mutualInformation(repeat([0.3, 0.3, 0.4], 7), scratch)).toBe(0);
  });

  it('BALD is H(mean) - mean(H) when samples disagree', () => {
    const flip = [
      [1, 0],
      [0, 1],
      [1, 0],
      [0, 1],
    ];
    expect(mutualInformation(flip, scratch)).toBeCloseTo(Math.LN2, 12);
    const mild = [
      [0.8, 0.2],
      [0.2, 0.8],
    ];
    expect(mutualInformation(mild, scratch)).toBeCloseTo(Math.LN2 - entropy([0.8, 0.2]), 12);
  });

  it('BALD is NaN for no samples or samples of unequal length', () => {
    expect(mutualInformation([], scratch)).toBeNaN();
    expect(
      mutualInformation(
        [
          [0.5, 0.5],
          [1, 0, 0],
        ],
        scratch,
      ),
    ).toBeNaN();
  });
});
