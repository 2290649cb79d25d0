import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { kCenterGreedy } from '@/lib/strategies/k-center';
import { getStrategyOrThrow } from '@/lib/strategies/registry';
import type { ScanScores } from '@/lib/strategies/types';
import { byKind, LABELS } from './fixtures';

const diverse = getStrategyOrThrow('diverse');
const entropy = getStrategyOrThrow('entropy');

/**
 * Three clusters in embedding space; cluster A holds the most uncertain scans by far
 * (20 of them: the candidate pool of 10 x batch must reach B and C, or the batch is all A).
 */
function clusteredScans(seed: number): ScanScores[] {
  const rng = createRng(seed);
  const centres = { A: [0, 0, 0], B: [8, 0, 0], C: [0, 8, 0] };
  const sizes = { A: 20, B: 5, C: 5 };
  const topProbability = { A: 0.3, B: 0.6, C: 0.7 };
  return (Object.keys(centres) as (keyof typeof centres)[]).flatMap((cluster) =>
    Array.from({ length: sizes[cluster] }, (_, i) => {
      const top = topProbability[cluster] + 0.05 * rng.next();
      const rest = (1 - top) / 3;
      return byKind(`${cluster}${String(i).padStart(2, '0')}`, null, {
        CNN: {
          probabilities: [top, rest, rest, rest],
          embedding: centres[cluster].map((x) => x + 0.1 * rng.normal()),
        },
      });
    }),
  );
}

const clusterOf = (scanId: string) => scanId[0];

describe('diverse batches', () => {
  it('picks one scan from each cluster where entropy alone piles on near-duplicates', () => {
    const scans = clusteredScans(1);
    const byEntropy = entropy
      .rank(scans, {})
      .slice(0, 3)
      .map((r) => clusterOf(r.scanId));
    expect(byEntropy).toEqual(['A', 'A', 'A']);
    const batch = diverse.rank(scans, { batchSize: 3, labels: LABELS }).slice(0, 3);
    expect(batch.map((r) => clusterOf(r.scanId)).sort()).toEqual(['A', 'B', 'C']);
    expect(batch[0].reason).toMatch(/^batch pick 1 of 3, the most uncertain scan with CNN features; entropy/);
    expect(batch[1].reason).toMatch(/^batch pick 2 of 3, unlike the earlier picks \(CNN feature distance 8(\.\d+)?\)/);
  });

  it('follows the batch with the other scans by entropy', () => {
    const scans = clusteredScans(2);
    const ranked = diverse.rank(scans, { batchSize: 3 });
    const batch = new Set(ranked.slice(0, 3).map((r) => r.scanId));
    const rest = entropy.rank(scans, {}).filter((r) => !batch.has(r.scanId));
    expect(ranked.slice(3).map((r) => r.scanId)).toEqual(rest.map((r) => r.scanId));
  });

  it('is plain entropy ranking, and says so, without embeddings', () => {
    const scans = clusteredScans(3).map((s) =>
      byKind(s.scanId, s.lastServedAt, { CNN: { probabilities: s.byModel.CNN?.probabilities ?? [] } }),
    );
    const ranked = diverse.rank(scans, { batchSize: 3 });
    expect(ranked.map((r) => r.scanId)).toEqual(entropy.rank(scans, {}).map((r) => r.scanId));
    expect(ranked[0].reason).toMatch(/\(no model embeddings yet, so no diversity\)$/);
  });

  it('copes with a batch larger than the scans that have embeddings', () => {
    const scans = clusteredScans(4).slice(0, 5);
    expect(diverse.rank(scans, { batchSize: 50 }).map((r) => r.rank)).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('kCenterGreedy', () => {
  it('covers the space: corners of a square before its centre', () => {
    const points = Float64Array.from([0, 0, 10, 10, 5, 5, 10, 0, 0, 10]);
    const picks = kCenterGreedy(points, 2, Float64Array.from([1, 1, 1, 1, 1]), 5);
    expect(picks.map((p) => p.row)).toEqual([0, 1, 3, 4, 2]);
    expect(picks[1].distance).toBeCloseTo(Math.hypot(10, 10), 12);
    expect(picks[0].distance).toBe(Number.POSITIVE_INFINITY);
  });

  it('weights distance by uncertainty', () => {
    // Row 2 is farther from row 0 than row 1, but much less uncertain.
    const points = Float64Array.from([0, 4, 6]);
    const picks = kCenterGreedy(points, 1, Float64Array.from([1, 1, 0.1]), 2);
    expect(picks.map((p) => p.row)).toEqual([0, 1]);
  });
});
