import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { createRng } from '@/lib/random';
import { pickSeedSet, stratifiedQuotas } from '@/lib/simulation/seed-set';

describe('stratifiedQuotas', () => {
  it('is proportional with the largest remainder getting what rounding left', () => {
    // 50 * 733/1500 = 24.43, 50 * 767/1500 = 25.57
    expect(stratifiedQuotas([733, 767], 50)).toEqual([24, 26]);
    expect(stratifiedQuotas([500, 300, 200], 10)).toEqual([5, 3, 2]);
  });

  it('gives every class at least one when the count allows, taking it from the largest', () => {
    expect(stratifiedQuotas([1, 99], 10)).toEqual([1, 9]);
    expect(stratifiedQuotas([1, 1, 98], 3)).toEqual([1, 1, 1]);
  });

  it('breaks remainder ties by class index and skips empty classes', () => {
    expect(stratifiedQuotas([0, 5, 5], 3)).toEqual([0, 2, 1]);
    expect(stratifiedQuotas([5, 5, 5], 2)).toEqual([1, 1, 0]);
  });

  it('never exceeds a class and refuses more than the pool holds', () => {
    expect(stratifiedQuotas([2, 8], 10)).toEqual([2, 8]);
    expect(() => stratifiedQuotas([2, 3], 6)).toThrow(AppError);
  });
});

describe('pickSeedSet', () => {
  const labels = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 1 : 0));

  it('draws distinct ascending indices with the stratified class counts', () => {
    const picked = pickSeedSet(labels, 30, createRng(5));
    expect(picked).toHaveLength(30);
    expect(new Set(picked).size).toBe(30);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
    expect(picked.filter((i) => labels[i] === 1)).toHaveLength(10);
  });

  it('is the same for the same seed (every strategy starts alike) and differs across seeds', () => {
    expect(pickSeedSet(labels, 30, createRng(5))).toEqual(pickSeedSet(labels, 30, createRng(5)));
    expect(pickSeedSet(labels, 30, createRng(6))).not.toEqual(pickSeedSet(labels, 30, createRng(5)));
  });
});
