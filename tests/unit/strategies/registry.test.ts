import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { getStrategyOrThrow, listStrategies, strategies, strategyNameSchema } from '@/lib/strategies/registry';

const NAMES = [
  'least-confidence',
  'margin',
  'entropy',
  'bald',
  'committee-vote-entropy',
  'committee-kl',
  'diverse',
  'random',
];

describe('strategy registry', () => {
  it('registers every strategy under its own name', () => {
    expect(listStrategies().map((s) => s.name)).toEqual(NAMES);
    for (const [name, strategy] of Object.entries(strategies)) expect(strategy.name).toBe(name);
    for (const s of listStrategies()) expect(s.title && s.description).toBeTruthy();
  });

  it('looks strategies up by name', () => {
    expect(getStrategyOrThrow('bald').needs).toEqual(['mcSamples']);
    expect(getStrategyOrThrow('committee-kl').needs).toEqual(['committee']);
  });

  it('throws NOT_FOUND listing the valid names for an unknown one', () => {
    expect(() => getStrategyOrThrow('toString')).toThrow(AppError);
    expect(() => getStrategyOrThrow('coreset')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringContaining(NAMES.join(', ')) }),
    );
  });

  it('validates a project setting', () => {
    expect(strategyNameSchema.safeParse('margin').success).toBe(true);
    expect(strategyNameSchema.safeParse('constructor').success).toBe(false);
  });
});
