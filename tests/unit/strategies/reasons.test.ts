import { describe, expect, it } from 'vitest';
import { getStrategyOrThrow } from '@/lib/strategies/registry';
import { byKind, LABELS, sameForAll } from './fixtures';

const rank = (name: string, ...args: Parameters<ReturnType<typeof getStrategyOrThrow>['rank']>) =>
  getStrategyOrThrow(name).rank(...args);

describe('which probabilities single-model strategies read', () => {
  const scans = [
    byKind('x', 2000, { CNN: { probabilities: [0.97, 0.03] }, RESNET: { probabilities: [0.5, 0.5] } }),
    byKind('y', 1000, { CNN: { probabilities: [0.5, 0.5] }, RESNET: { probabilities: [0.97, 0.03] } }),
    byKind('z', null, { RESNET: { probabilities: [0.6, 0.4] } }),
  ];

  it('uses ctx.modelKind when given, ranking scans without it last', () => {
    expect(rank('entropy', scans, { modelKind: 'CNN' }).map((r) => r.scanId)).toEqual(['y', 'x', 'z']);
    expect(rank('entropy', scans, { modelKind: 'RESNET' }).map((r) => r.scanId)).toEqual(['x', 'z', 'y']);
    expect(rank('entropy', scans, { modelKind: 'CNN' })[2].reason).toBe(
      'ranked after scored scans: no CNN probabilities yet',
    );
  });

  it('otherwise averages the kinds that scored the scan', () => {
    const ranked = rank('entropy', scans, {});
    // x and y average to the same [0.735, 0.265]: the one served earlier (y) first.
    expect(ranked.map((r) => r.scanId)).toEqual(['z', 'y', 'x']);
    expect(ranked[1].score).toBeCloseTo(-(0.735 * Math.log(0.735) + 0.265 * Math.log(0.265)), 12);
    expect(ranked[0].reason).toContain('(RESNET)');
    expect(ranked[1].reason).toContain('(mean of CNN, RESNET)');
  });
});

describe('reasons a clinician can read', () => {
  it('entropy names the two classes it is torn between', () => {
    const [r] = rank('entropy', [sameForAll('a', null, { probabilities: [0.5, 0.5, 0, 0] })], { labels: LABELS });
    expect(r).toEqual({
      scanId: 'a',
      rank: 1,
      score: Math.LN2,
      reason: 'entropy 0.69 (mean of CNN, RESNET, RESNET50): torn between glioma (50%) and meningioma (50%)',
    });
  });

  it('least confidence and margin show the numbers they rank by', () => {
    const scan = byKind('a', null, { CNN: { probabilities: [0.1, 0.48, 0.42, 0] } });
    expect(rank('least-confidence', [scan], { labels: LABELS })[0].reason).toBe(
      'least confidence 0.52 (CNN): best guess meningioma at only 48%',
    );
    const [margin] = rank('margin', [scan], { labels: LABELS });
    expect(margin.score).toBeCloseTo(0.94, 12);
    expect(margin.reason).toBe('margin 0.06 (CNN): torn between meningioma (48%) and pituitary (42%)');
  });

  it('falls back to class numbers without labels', () => {
    const [r] = rank('entropy', [byKind('a', null, { CNN: { probabilities: [0.3, 0.7] } })], {});
    expect(r.reason).toBe('entropy 0.61 (CNN): torn between class 1 (70%) and class 0 (30%)');
  });

  it('committee strategies say who voted for what', () => {
    const scan = byKind('a', null, {
      CNN: { probabilities: [0.9, 0.1, 0] },
      RESNET: { probabilities: [0.8, 0.2, 0] },
      RESNET50: { probabilities: [0.1, 0.9, 0] },
    });
    const [vote] = rank('committee-vote-entropy', [scan], { labels: LABELS });
    expect(vote.reason).toBe('vote entropy 0.64: CNN and RESNET say glioma; RESNET50 says meningioma');
    expect(rank('committee-kl', [scan], { labels: LABELS })[0].reason).toMatch(
      /^mean KL to the committee 0\.\d+: CNN and RESNET say glioma/,
    );
  });

  it('committee strategies explain a scan that only one kind scored', () => {
    const scan = byKind('a', null, { RESNET50: { probabilities: [0.9, 0.1] } });
    expect(rank('committee-kl', [scan], {})[0].reason).toBe(
      'ranked after scored scans: a committee needs two model kinds; only RESNET50 has scored this scan',
    );
  });

  it('BALD says whether the dropout passes agree', () => {
    const agree = byKind('a', null, {
      CNN: {
        probabilities: [0.5, 0.5],
        mcSamples: [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      },
    });
    const split = byKind('b', null, {
      CNN: {
        probabilities: [0.5, 0.5],
        mcSamples: [
          [1, 0],
          [0, 1],
        ],
      },
    });
    const [first, second] = rank('bald', [agree, split], { labels: LABELS });
    expect(first.reason).toBe(
      'BALD 0.69 (CNN): the dropout passes disagree, torn between glioma (50%) and meningioma (50%)',
    );
    expect(second.reason).toMatch(/^BALD 0 \(CNN\): the dropout passes agree/);
  });

  it('random says it is the baseline and which seed it used', () => {
    expect(rank('random', [byKind('a', null, {})], { seed: 3 })[0].reason).toContain('random pick (seed 3)');
  });

  it('random orders differ between seeds', () => {
    const scans = Array.from({ length: 40 }, (_, i) => byKind(`s${i}`, null, {}));
    const order = (seed: number) => rank('random', scans, { seed }).map((r) => r.scanId);
    expect(order(1)).toEqual(order(1));
    expect(order(1)).not.toEqual(order(2));
  });
});

describe('committee scores: known values', () => {
  // Mean KL of each member to the mean distribution, computed independently (Python).
  const cases = [
    {
      members: [
        [0.9, 0.05, 0.05],
        [0.05, 0.9, 0.05],
        [0.05, 0.05, 0.9],
      ],
      kl: 0.704214597220667,
      votes: Math.log(3),
    },
    {
      members: [
        [0.51, 0.49, 0],
        [0.99, 0.01, 0],
        [0.6, 0.4, 0],
      ],
      kl: 0.13687751252536604,
      votes: 0,
    },
  ];
  it.each(cases)('KL $kl, vote entropy $votes', ({ members, kl, votes }) => {
    const scan = byKind('s', null, {
      CNN: { probabilities: members[0] },
      RESNET: { probabilities: members[1] },
      RESNET50: { probabilities: members[2] },
    });
    expect(rank('committee-kl', [scan], {})[0].score).toBeCloseTo(kl, 12);
    expect(rank('committee-vote-entropy', [scan], {})[0].score).toBeCloseTo(votes, 12);
  });
});

describe('agreement is exactly zero, so agreeing scans tie and go least recently served first', () => {
  const agreeing = (scanId: string, servedAt: number, p: number[]) =>
    sameForAll(scanId, servedAt, { probabilities: p, mcSamples: [p, p, p, p, p, p, p] });
  const scans = [agreeing('late', 2000, [0.3, 0.3, 0.4]), agreeing('early', 1000, [0.7, 0.1, 0.2])];

  it.each(['bald', 'committee-kl', 'committee-vote-entropy'])('%s', (name) => {
    const ranked = rank(name, scans, {});
    expect(ranked.map((r) => [r.scanId, r.score])).toEqual([
      ['early', 0],
      ['late', 0],
    ]);
  });
});

describe('unusable scores are ranked last with a reason, never dropped', () => {
  it.each([
    ['entropy', 'probabilities unusable (class counts differ between models)'],
    ['bald', 'MC-dropout passes unusable (empty, or class counts differ)'],
    ['committee-kl', 'class counts differ between models'],
  ])('%s', (name, why) => {
    const bad = byKind('bad', null, {
      CNN: { probabilities: [0.5, 0.5], mcSamples: [[0.5, 0.5]] },
      RESNET: { probabilities: [0.2, 0.3, 0.5], mcSamples: [[0.2, 0.3, 0.5]] },
    });
    const good = sameForAll('good', 5000, { probabilities: [0.9, 0.1], mcSamples: [[0.9, 0.1]] });
    expect(rank(name, [bad, good], {}).map((r) => [r.scanId, r.reason])).toEqual([
      ['good', expect.any(String)],
      ['bad', `ranked after scored scans: ${why}`],
    ]);
  });
});
