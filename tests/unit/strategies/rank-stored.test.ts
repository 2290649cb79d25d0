import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { rankStoredScores, type StoredScore } from '@/lib/strategies/rank-by-score';
import { getStrategyOrThrow } from '@/lib/strategies/registry';
import { randomScans } from './fixtures';

describe('rankStoredScores', () => {
  it.each(['entropy', 'bald', 'committee-kl'])('reproduces a %s ranking from its stored scores', (name) => {
    const scans = randomScans(70, 21);
    const ranked = getStrategyOrThrow(name).rank(scans, {});
    const byId = new Map(ranked.map((r) => [r.scanId, r]));
    const stored: StoredScore[] = createRng(2)
      .shuffle([...scans])
      .map((scan) => {
        const r = byId.get(scan.scanId);
        const missing = r?.reason.startsWith('ranked after') ?? true;
        return {
          scanId: scan.scanId,
          lastServedAt: scan.lastServedAt,
          score: missing ? null : (r?.score ?? null),
          reason: r?.reason ?? '',
        };
      });
    expect(rankStoredScores(stored)).toEqual(ranked);
  });

  it('moves a scan down its tie group once it has been served', () => {
    const item = (scanId: string, lastServedAt: number | null): StoredScore => ({
      scanId,
      lastServedAt,
      score: 0.5,
      reason: 'r',
    });
    expect(rankStoredScores([item('a', null), item('b', null)]).map((r) => r.scanId)).toEqual(['a', 'b']);
    expect(rankStoredScores([item('a', 9000), item('b', null)]).map((r) => r.scanId)).toEqual(['b', 'a']);
  });
});
