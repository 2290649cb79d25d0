/**
 * The one shared suite for every registered strategy: hand-made
 * probability tables with known orderings, then properties every strategy must keep.
 */
import { describe, expect, it } from 'vitest';
import { createRng, seededUnit } from '@/lib/random';
import { listStrategies } from '@/lib/strategies/registry';
import type { RankedScan, ScanScores, StrategyContext } from '@/lib/strategies/types';
import { byKind, LABELS, randomScans, sameForAll } from './fixtures';

const singleModelTable: ScanScores[] = [
  sameForAll('a', 1000, { probabilities: [0.97, 0.01, 0.01, 0.01] }),
  sameForAll('b', 3000, { probabilities: [0.25, 0.25, 0.25, 0.25] }),
  sameForAll('c', null, { probabilities: [0.5, 0.5, 0, 0] }),
  sameForAll('d', 2000, { probabilities: [0.6, 0.2, 0.1, 0.1] }),
  sameForAll('e', 500, { probabilities: [0.4, 0.4, 0.1, 0.1] }),
  byKind('f', null, {}),
];

const alternate = (a: number[], b: number[]): number[][] => Array.from({ length: 10 }, (_, t) => (t % 2 ? b : a));
const baldTable: ScanScores[] = [
  byKind('agree', null, { CNN: { probabilities: [0.5, 0.5], mcSamples: alternate([0.5, 0.5], [0.5, 0.5]) } }),
  byKind('flip', 1000, { CNN: { probabilities: [0.5, 0.5], mcSamples: alternate([1, 0], [0, 1]) } }),
  byKind('mild', 2000, { CNN: { probabilities: [0.5, 0.5], mcSamples: alternate([0.8, 0.2], [0.2, 0.8]) } }),
  byKind('none', null, { CNN: { probabilities: [0.5, 0.5] } }),
];

const committee = (cnn: number[], resnet: number[], resnet50: number[]) => ({
  CNN: { probabilities: cnn },
  RESNET: { probabilities: resnet },
  RESNET50: { probabilities: resnet50 },
});
const committeeTable: ScanScores[] = [
  byKind('split3', 3000, committee([0.9, 0.05, 0.05], [0.05, 0.9, 0.05], [0.05, 0.05, 0.9])),
  byKind('split2', 1000, committee([0.9, 0.05, 0.05], [0.9, 0.05, 0.05], [0.05, 0.9, 0.05])),
  byKind('soft', 2000, committee([0.51, 0.49, 0], [0.99, 0.01, 0], [0.6, 0.4, 0])),
  byKind('agree', 1000, committee([0.8, 0.1, 0.1], [0.8, 0.1, 0.1], [0.8, 0.1, 0.1])),
  byKind('single', null, { CNN: { probabilities: [0.4, 0.3, 0.3] } }),
];

const diverseTable: ScanScores[] = [
  sameForAll('a1', 0, { probabilities: [0.25, 0.25, 0.25, 0.25], embedding: [0, 0] }),
  sameForAll('a2', 0, { probabilities: [0.4, 0.4, 0.1, 0.1], embedding: [0.01, 0] }),
  sameForAll('a3', 0, { probabilities: [0.6, 0.2, 0.1, 0.1], embedding: [0, 0.01] }),
  sameForAll('b1', 0, { probabilities: [0.5, 0.5, 0, 0], embedding: [10, 10] }),
  sameForAll('z', 0, { probabilities: [0.97, 0.01, 0.01, 0.01] }),
  byKind('f', null, {}),
];

const bySeed = (seed: number, ids: string[]) => [...ids].sort((x, y) => seededUnit(seed, y) - seededUnit(seed, x));

const knownOrderings: { strategy: string; table: ScanScores[]; ctx: StrategyContext; expected: string[] }[] = [
  { strategy: 'entropy', table: singleModelTable, ctx: {}, expected: ['b', 'e', 'd', 'c', 'a', 'f'] },
  { strategy: 'least-confidence', table: singleModelTable, ctx: {}, expected: ['b', 'e', 'c', 'd', 'a', 'f'] },
  // b, c and e all have margin 0: never-served c first, then e (served at 500), then b.
  { strategy: 'margin', table: singleModelTable, ctx: {}, expected: ['c', 'e', 'b', 'd', 'a', 'f'] },
  { strategy: 'bald', table: baldTable, ctx: {}, expected: ['flip', 'mild', 'agree', 'none'] },
  // soft and agree both have vote entropy 0: agree was served earlier.
  {
    strategy: 'committee-vote-entropy',
    table: committeeTable,
    ctx: {},
    expected: ['split3', 'split2', 'agree', 'soft', 'single'],
  },
  {
    strategy: 'committee-kl',
    table: committeeTable,
    ctx: {},
    expected: ['split3', 'split2', 'soft', 'agree', 'single'],
  },
  // Entropy alone would take a1 and a2 (near-duplicates); the batch of two takes b1 instead.
  { strategy: 'diverse', table: diverseTable, ctx: { batchSize: 2 }, expected: ['a1', 'b1', 'a2', 'a3', 'z', 'f'] },
  {
    strategy: 'random',
    table: singleModelTable,
    ctx: { seed: 42 },
    expected: bySeed(42, ['a', 'b', 'c', 'd', 'e', 'f']),
  },
];

const ids = (ranked: RankedScan[]) => ranked.map((r) => r.scanId);
const byName = (name: string) => {
  const strategy = listStrategies().find((s) => s.name === name);
  if (!strategy) throw new Error(`strategy ${name} is not registered`);
  return strategy;
};

describe('every strategy on hand-made probability tables', () => {
  it('has a known ordering for every registered strategy', () => {
    expect(new Set(knownOrderings.map((k) => k.strategy))).toEqual(new Set(listStrategies().map((s) => s.name)));
  });

  it.each(knownOrderings)('$strategy ranks its table in the known order', ({ strategy, table, ctx, expected }) => {
    expect(ids(byName(strategy).rank(table, { ...ctx, labels: LABELS }))).toEqual(expected);
  });
});

/** Never served first, then the least recently served, then scanId. */
function tieOrder(a: ScanScores, b: ScanScores): number {
  const ta = a.lastServedAt ?? Number.NEGATIVE_INFINITY;
  const tb = b.lastServedAt ?? Number.NEGATIVE_INFINITY;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.scanId < b.scanId ? -1 : a.scanId > b.scanId ? 1 : 0;
}

describe.each(listStrategies().map((s) => [s.name, s] as const))('%s keeps the shared properties', (name, strategy) => {
  const ctx: StrategyContext = { batchSize: 5, seed: 7, labels: LABELS };

  it.each([1, 2, 3])('returns every scan exactly once, ranked 1..n, with a score and a reason (seed %i)', (seed) => {
    const scans = randomScans(60, seed);
    const ranked = strategy.rank(scans, ctx);
    expect(ranked.map((r) => r.rank)).toEqual(scans.map((_, i) => i + 1));
    expect([...ids(ranked)].sort()).toEqual(scans.map((s) => s.scanId).sort());
    for (const r of ranked) {
      expect(Number.isFinite(r.score)).toBe(true);
      expect(r.reason.length).toBeGreaterThan(10);
    }
  });

  it('ranks nothing when there is nothing to rank', () => {
    expect(strategy.rank([], ctx)).toEqual([]);
  });

  it('is deterministic and ignores the input order', () => {
    const scans = randomScans(80, 11);
    const first = strategy.rank(scans, ctx);
    expect(strategy.rank(scans, ctx)).toEqual(first);
    expect(strategy.rank(createRng(5).shuffle([...scans]), ctx)).toEqual(first);
  });

  it('scores never increase down the ranking (after the diverse batch)', () => {
    const ranked = strategy.rank(randomScans(80, 12), ctx);
    const from = name === 'diverse' ? (ctx.batchSize ?? 0) : 0;
    for (let r = from + 1; r < ranked.length; r++) {
      if (ranked[r].reason.startsWith('ranked after')) break;
      expect(ranked[r].score).toBeLessThanOrEqual(ranked[r - 1].score);
    }
  });

  it('ranks scans lacking what it needs last, in tie order, never dropping them', () => {
    if (strategy.needs.length === 0) return expect(strategy.rank(randomScans(30, 4), ctx)).toHaveLength(30);
    const scans = randomScans(80, 13);
    const ranked = strategy.rank(scans, ctx);
    const firstLacking = ranked.findIndex((r) => r.reason.startsWith('ranked after scored scans: '));
    const tail = ranked.slice(firstLacking);
    expect(tail.every((r) => r.reason.startsWith('ranked after scored scans: ') && r.score === 0)).toBe(true);
    const empty = scans.filter((s) => Object.keys(s.byModel).length === 0).map((s) => s.scanId);
    expect(empty.length).toBeGreaterThan(3);
    expect(ids(tail)).toEqual(expect.arrayContaining(empty));
    const scanOf = new Map(scans.map((s) => [s.scanId, s]));
    const tailScans = tail.map((r) => scanOf.get(r.scanId) as ScanScores);
    expect(ids(tail)).toEqual([...tailScans].sort(tieOrder).map((s) => s.scanId));
  });

  it('breaks ties by least recently served, then scanId', () => {
    if (name === 'random') return; // Its scores are per-scan draws: no ties to break.
    const same = {
      probabilities: [0.5, 0.3, 0.2],
      mcSamples: alternate([0.6, 0.3, 0.1], [0.4, 0.3, 0.3]),
      embedding: [1, 2],
    };
    const served = [null, 5000, 1000, null, 1000, 3000, null, 5000];
    const scans = served.map((t, i) => sameForAll(`t${(i * 5) % 8}`, t, same));
    expect(ids(strategy.rank(scans, ctx))).toEqual([...scans].sort(tieOrder).map((s) => s.scanId));
  });
});
