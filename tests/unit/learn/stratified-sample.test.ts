import { describe, expect, it } from 'vitest';
import { stratifiedSample } from '@/lib/learn/splits';
import { createRng } from '@/lib/random';

describe('stratifiedSample', () => {
  const items = [
    ...Array.from({ length: 900 }, (_, i) => ({ id: `a${i}`, y: 0 })),
    ...Array.from({ length: 90 }, (_, i) => ({ id: `b${i}`, y: 1 })),
    ...Array.from({ length: 10 }, (_, i) => ({ id: `c${i}`, y: 2 })),
  ];

  it('keeps every class’s share, distinct items, and the same draw for the same seed', () => {
    const sample = stratifiedSample(items, (d) => d.y, 100, createRng(1));
    const count = (y: number) => sample.filter((d) => d.y === y).length;
    expect([count(0), count(1), count(2)]).toEqual([90, 9, 2]);
    expect(new Set(sample.map((d) => d.id)).size).toBe(sample.length);
    expect(stratifiedSample(items, (d) => d.y, 100, createRng(1))).toEqual(sample);
    expect(stratifiedSample(items, (d) => d.y, 100, createRng(2))).not.toEqual(sample);
  });

  it('returns everything, in order, when there are no more than max', () => {
    expect(stratifiedSample(items, (d) => d.y, 1000, createRng(1))).toEqual(items);
  });
});
