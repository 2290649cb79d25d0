import { describe, expect, it } from 'vitest';
import { stableHoldout } from '@/lib/learn/splits';

const keys = (n: number, prefix = 'scan') => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('stableHoldout', () => {
  it('holds out about the fraction of each class', () => {
    const k = keys(2000);
    const labels = k.map((_, i) => (i % 5 === 0 ? 1 : 0));
    const { train, holdout } = stableHoldout(k, labels, 0.15, 42);
    expect(train.length + holdout.length).toBe(2000);
    expect(new Set([...train, ...holdout]).size).toBe(2000);
    for (const c of [0, 1]) {
      const total = labels.filter((y) => y === c).length;
      const held = holdout.filter((i) => labels[i] === c).length;
      expect(held / total).toBeGreaterThan(0.11);
      expect(held / total).toBeLessThan(0.19);
    }
  });

  it('keeps every held-out scan held out when scans are added, and never holds out one that trained', () => {
    const before = keys(1000);
    const labelOf = (key: string) => (Number(key.split('-')[1]) % 3 === 0 ? 1 : 0);
    const after = [...before, ...keys(50, 'new')].sort();
    const a = stableHoldout(before, before.map(labelOf), 0.15, 7);
    const b = stableHoldout(
      after,
      after.map((key) => (key.startsWith('new') ? 0 : labelOf(key))),
      0.15,
      7,
    );
    const heldBefore = new Set(a.holdout.map((i) => before[i]));
    const heldAfter = new Set(b.holdout.map((i) => after[i]));
    const trainedBefore = a.train.map((i) => before[i]);
    expect([...heldBefore].every((key) => heldAfter.has(key))).toBe(true);
    expect(trainedBefore.some((key) => heldAfter.has(key))).toBe(false);
  });

  it('holds out one of a small class and keeps one in training; a single example always trains', () => {
    const k = ['a', 'b', 'c', 'd'];
    const { train, holdout } = stableHoldout(k, [0, 0, 1, 2], 0.0001, 1);
    expect(holdout.filter((i) => i < 2)).toHaveLength(1);
    expect(train).toEqual(expect.arrayContaining([2, 3]));
    const most = stableHoldout(k.slice(0, 2), [0, 0], 0.9999, 1);
    expect(most.train).toHaveLength(1);
    expect(most.holdout).toHaveLength(1);
  });

  it('is the same for the same keys and seed, and differs with the seed', () => {
    const k = keys(300);
    const labels = k.map((_, i) => i % 2);
    expect(stableHoldout(k, labels, 0.2, 3)).toEqual(stableHoldout(k, labels, 0.2, 3));
    expect(stableHoldout(k, labels, 0.2, 3).holdout).not.toEqual(stableHoldout(k, labels, 0.2, 4).holdout);
  });
});
