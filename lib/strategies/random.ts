import { seededUnit } from '@/lib/random';
import { rankByScore } from './rank-by-score';
import type { Strategy } from './types';

/** Used when the caller gives no seed, so the ranking is still reproducible. */
export const DEFAULT_RANDOM_SEED = 0;

export const random: Strategy = {
  name: 'random',
  title: 'Random',
  description:
    'Scans in a seeded random order: the honest baseline every other strategy must beat. The order depends only on the seed and the scan ids, not on the input order.',
  needs: [],
  rank(scans, ctx) {
    const seed = ctx.seed ?? DEFAULT_RANDOM_SEED;
    const reason = `random pick (seed ${seed}): the baseline that shows what the other strategies gain`;
    return rankByScore(scans, {
      score: (scan) => seededUnit(seed, scan.scanId),
      explain: () => reason,
      missing: () => 'no random draw',
    });
  },
};
