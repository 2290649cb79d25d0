/**
 * BALD reads the mutual information the scoring job stored once per (version, scan) and
 * computes it from the passes only when absent: both paths must rank identically.
 */
import { describe, expect, it } from 'vitest';
import { bald } from '@/lib/strategies/bald';
import type { ScanScores, StrategyContext } from '@/lib/strategies/types';
import { mutualInformation } from '@/lib/strategies/uncertainty';
import { byKind, LABELS, randomScans } from './fixtures';

/** What the scoring job stores: each kind's mutual information next to its passes. */
function withStoredScores(scans: ScanScores[], opts: { dropPasses: boolean }): ScanScores[] {
  return scans.map((scan) => ({
    ...scan,
    byModel: Object.fromEntries(
      Object.entries(scan.byModel).map(([kind, m]) => {
        const stored = m.mcSamples
          ? mutualInformation(m.mcSamples, new Float64Array(m.probabilities.length))
          : undefined;
        return [kind, { ...m, mutualInformation: stored, mcSamples: opts.dropPasses ? undefined : m.mcSamples }];
      }),
    ),
  }));
}

describe('BALD from stored scores', () => {
  const contexts: StrategyContext[] = [
    { labels: LABELS },
    { labels: LABELS, modelKind: 'CNN' },
    { labels: LABELS, modelKind: 'RESNET50' },
  ];

  it.each([1, 2, 3])('ranks identically from stored and from computed mutual information (seed %i)', (seed) => {
    const computed = randomScans(120, seed);
    for (const ctx of contexts) {
      const expected = bald.rank(computed, ctx);
      expect(expected.filter((r) => r.score > 0).length).toBeGreaterThan(50);
      expect(bald.rank(withStoredScores(computed, { dropPasses: false }), ctx)).toEqual(expected);
      expect(bald.rank(withStoredScores(computed, { dropPasses: true }), ctx)).toEqual(expected);
    }
  });

  it('reads the stored number instead of the passes when both are there', () => {
    const passes = [
      [1, 0],
      [0, 1],
    ];
    const stored = byKind('stored-low', null, {
      CNN: { probabilities: [0.5, 0.5], mcSamples: passes, mutualInformation: 0.01 },
    });
    const computed = byKind('computed', null, {
      CNN: {
        probabilities: [0.5, 0.5],
        mcSamples: [
          [0.8, 0.2],
          [0.2, 0.8],
        ],
      },
    });
    const ranked = bald.rank([stored, computed], { labels: LABELS });
    expect(ranked.map((r) => [r.scanId, r.score])).toEqual([
      [
        'computed',
        mutualInformation(
          [
            [0.8, 0.2],
            [0.2, 0.8],
          ],
          new Float64Array(2),
        ),
      ],
      ['stored-low', 0.01],
    ]);
  });

  it('mixes kinds with and without stored scores, averaging per kind', () => {
    const flip = [
      [1, 0],
      [0, 1],
    ];
    const scan = byKind('mixed', null, {
      CNN: { probabilities: [0.5, 0.5], mutualInformation: 0.2 },
      RESNET: { probabilities: [0.5, 0.5], mcSamples: flip },
    });
    expect(bald.rank([scan], {})[0].score).toBeCloseTo((0.2 + Math.LN2) / 2, 12);
  });

  it('ranks a stored score that is not a number as if it were absent', () => {
    const scan = byKind('nan', null, { CNN: { probabilities: [0.5, 0.5], mutualInformation: Number.NaN } });
    expect(bald.rank([scan], {})[0].reason).toBe('ranked after scored scans: no MC-dropout passes yet');
  });
});
