import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { bald } from './bald';
import { committeeKl } from './committee-kl';
import { committeeVoteEntropy } from './committee-vote-entropy';
import { diverse } from './diverse';
import { entropy } from './entropy';
import { leastConfidence } from './least-confidence';
import { margin } from './margin';
import { random } from './random';
import type { Strategy } from './types';

/** Every strategy a project can select, by name (Project.strategy). */
export const strategies: Record<string, Strategy> = Object.fromEntries(
  [leastConfidence, margin, entropy, bald, committeeVoteEntropy, committeeKl, diverse, random].map((s) => [s.name, s]),
);

export function listStrategies(): Strategy[] {
  return Object.values(strategies);
}

export function isStrategyName(name: string): boolean {
  return Object.hasOwn(strategies, name);
}

/** For project settings and CLI flags: a name the registry knows. */
export const strategyNameSchema = z.string().refine(isStrategyName, {
  error: (issue) =>
    `Unknown strategy ${JSON.stringify(issue.input)}; valid strategies: ${Object.keys(strategies).join(', ')}`,
});

export function getStrategyOrThrow(name: string): Strategy {
  const strategy = isStrategyName(name) ? strategies[name] : undefined;
  if (!strategy) {
    throw new AppError({
      code: 'NOT_FOUND',
      message: `Unknown strategy "${name}"; valid strategies: ${Object.keys(strategies).join(', ')}`,
    });
  }
  return strategy;
}
