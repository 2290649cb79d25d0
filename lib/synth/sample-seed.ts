import { createRng, type Rng } from '@/lib/random';

/**
 * The generator for sample `index` of a run seeded with `seed`: each sample has its own stream,
 * so sample 7 is the same whether 10 or 10,000 are generated.
 */
export function sampleRng(seed: number, index: number, stream = 0): Rng {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const v of [index, stream]) {
    h = Math.imul(h ^ v, 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return createRng(h);
}

/** Uniform in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng.next();
}
