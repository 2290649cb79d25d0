import { pickSeedSet } from '@/lib/simulation/seed-set';
import type { DecodedImage } from '@/lib/imaging/types';
import type { Rng } from '@/lib/random';
import type { LabelledImage } from '@/trainer/data/types';

/**
 * Holds the pool's labels. The simulation sees the pool's images only; a label becomes known
 * when the oracle answers for that scan (the seed set, then each queried batch), as a reader would.
 */
export class Oracle {
  readonly images: readonly DecodedImage[];
  private answeredCount = 0;

  constructor(private readonly pool: readonly LabelledImage[]) {
    this.images = pool.map((p) => p.image);
  }

  get size(): number {
    return this.pool.length;
  }

  get answered(): number {
    return this.answeredCount;
  }

  /**
   * The initial labelled set: stratified random, so that the first model sees every class.
   * The one place labels steer a choice, and the same choice for every strategy of a seed.
   */
  seedSet(count: number, rng: Rng): number[] {
    return pickSeedSet(
      this.pool.map((p) => p.label),
      count,
      rng,
    );
  }

  /** Labels for these pool indices: each answer counts as a label used. */
  answer(indices: readonly number[]): LabelledImage[] {
    this.answeredCount += indices.length;
    return indices.map((i) => this.pool[i]);
  }
}
