import type { Read } from '@/lib/agreement/types';
import { createRng } from '@/lib/random';

export interface SimulationOptions {
  seed: number;
  items: number;
  categories: string[];
  /** Probability that each reader gives the true class; errors are uniform over the others. */
  accuracies: number[];
  /** Reads per item (distinct readers drawn at random); all readers when omitted. */
  readsPerItem?: number;
  /** Class frequencies of the true classes (uniform when omitted). */
  priors?: number[];
}

/** Seeded reads from planted reader accuracies; also returns the true class of each item. */
export function simulateReads(o: SimulationOptions): { reads: Read[]; truth: Map<string, string> } {
  const rng = createRng(o.seed);
  const k = o.categories.length;
  const priors = o.priors ?? o.categories.map(() => 1 / k);
  const readerIds = o.accuracies.map((_, r) => `reader-${r}`);
  const reads: Read[] = [];
  const truth = new Map<string, string>();
  for (let i = 0; i < o.items; i++) {
    const item = `scan-${i}`;
    const t = draw(priors, rng.next());
    truth.set(item, o.categories[t]);
    const chosen = rng.shuffle(readerIds.map((_, r) => r)).slice(0, o.readsPerItem ?? readerIds.length);
    for (const r of chosen) {
      const right = rng.next() < o.accuracies[r];
      const label = right ? t : (t + 1 + rng.int(k - 1)) % k;
      reads.push({ item, reader: readerIds[r], label: o.categories[label] });
    }
  }
  return { reads, truth };
}

function draw(weights: number[], u: number): number {
  let acc = 0;
  for (let c = 0; c < weights.length; c++) {
    acc += weights[c];
    if (u < acc) return c;
  }
  return weights.length - 1;
}
