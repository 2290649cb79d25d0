import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { simulationCsv } from '@/lib/simulation/csv';
import { simulationPointSchema } from '@/lib/simulation/schemas';
import { resolveStrategies, resolveStrategyName } from '@/lib/simulation/strategy-names';
import { listStrategies } from '@/lib/strategies';

describe('strategy names', () => {
  it('maps the short name committee to committee-vote-entropy and accepts every registered name', () => {
    expect(resolveStrategyName('committee')).toBe('committee-vote-entropy');
    for (const s of listStrategies()) expect(resolveStrategyName(s.name)).toBe(s.name);
  });

  it('resolves a list in order without duplicates', () => {
    expect(resolveStrategies(['random', 'committee', 'committee-vote-entropy', 'bald']).map((s) => s.name)).toEqual([
      'random',
      'committee-vote-entropy',
      'bald',
    ]);
  });

  it('requires the random baseline in a simulation list', () => {
    expect(() => resolveStrategies(['entropy', 'bald'])).toThrow(/include "random"/);
  });

  it('rejects unknown names with the known ones in the message', () => {
    expect(() => resolveStrategyName('coreset')).toThrow(AppError);
    expect(() => resolveStrategyName('coreset')).toThrow(/committee, least-confidence/);
  });
});

describe('simulationCsv', () => {
  it('writes the header and one row per point; no lesion sensitivity is an empty cell', () => {
    const points = [
      { strategy: 'random', seed: 1, round: 0, labels: 50, macroF1: 2 / 3, accuracy: 0.7, lesionSensitivity: 0.5 },
      { strategy: 'bald', seed: 2, round: 3, labels: 200, macroF1: 0.8, accuracy: 0.81, lesionSensitivity: null },
    ].map((p) => simulationPointSchema.parse(p));
    expect(simulationCsv(points)).toBe(
      'strategy,seed,round,labels,macro_f1,accuracy,lesion_sensitivity\nrandom,1,0,50,0.666667,0.7,0.5\nbald,2,3,200,0.8,0.81,\n',
    );
  });
});
