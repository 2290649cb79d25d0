import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { compareRanked, createOrderKeys, setOrderKey, sortedOrder, type OrderKeys } from '@/lib/strategies/order';

/** The definition: a plain comparator sort. sortedOrder must agree with it exactly. */
function reference(keys: OrderKeys): number[] {
  return Array.from({ length: keys.score.length }, (_, i) => i).sort((a, b) => compareRanked(keys, a, b));
}

function nastyKeys(n: number, seed: number): OrderKeys {
  const rng = createRng(seed);
  const special = [
    0,
    -0,
    1,
    1 + 1e-15,
    1 - 1e-15,
    -1,
    -2.5,
    1e300,
    -1e300,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
  ];
  const keys = createOrderKeys(n);
  for (let i = 0; i < n; i++) {
    const pick = rng.next();
    const score = pick < 0.4 ? special[rng.int(special.length)] : pick < 0.7 ? rng.int(5) / 4 : rng.normal();
    const served = rng.next() < 0.3 ? null : rng.int(4) * 1000;
    setOrderKey(keys, i, score, served, `id-${rng.int(n)}-${i}`);
  }
  return keys;
}

describe('sortedOrder', () => {
  it.each([1, 2, 3, 4])(
    'agrees exactly with the comparator on ties, near-ties, signed zeros and infinities (seed %i)',
    (seed) => {
      const keys = nastyKeys(3000, seed);
      expect(Array.from(sortedOrder(keys))).toEqual(reference(keys));
    },
  );

  it('orders by score, then never served, then least recently served, then scanId', () => {
    const keys = createOrderKeys(5);
    setOrderKey(keys, 0, 0.5, 2000, 'b');
    setOrderKey(keys, 1, 0.9, 9000, 'z');
    setOrderKey(keys, 2, 0.5, null, 'c');
    setOrderKey(keys, 3, 0.5, 2000, 'a');
    setOrderKey(keys, 4, Number.NaN, null, 'n');
    expect(Array.from(sortedOrder(keys))).toEqual([1, 2, 3, 0, 4]);
  });

  it('handles empty and single-row inputs', () => {
    expect(Array.from(sortedOrder(createOrderKeys(0)))).toEqual([]);
    const one = createOrderKeys(1);
    setOrderKey(one, 0, 1, null, 'x');
    expect(Array.from(sortedOrder(one))).toEqual([0]);
  });
});
