import { AppError } from '@/lib/errors/app-error';
import { getStrategyOrThrow, isStrategyName, listStrategies, type Strategy } from '@/lib/strategies';
import { BASELINE_STRATEGY } from './label-efficiency';

/** Short names the CLI accepts for registered strategies. */
const strategyAliases: Readonly<Record<string, string>> = { committee: 'committee-vote-entropy' };

/** A CLI name (an alias or any registered name) to the registered strategy name. */
export function resolveStrategyName(name: string): string {
  const resolved = strategyAliases[name] ?? name;
  if (!isStrategyName(resolved)) {
    const known = [...Object.keys(strategyAliases), ...listStrategies().map((s) => s.name)].join(', ');
    throw new AppError({ code: 'BAD_REQUEST', message: `unknown strategy "${name}"; known: ${known}` });
  }
  return resolved;
}

/**
 * Registered strategies for a simulation's list of CLI names, duplicates removed, in the given
 * order; the list must hold the baseline, which every other strategy is measured against,
 * unless the run is one part of an experiment that simulate-merge completes.
 */
export function resolveStrategies(names: readonly string[], opts: { part?: boolean } = {}): Strategy[] {
  const resolved = [...new Set(names.map(resolveStrategyName))];
  if (!opts.part && !resolved.includes(BASELINE_STRATEGY)) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `include "${BASELINE_STRATEGY}" in --strategies: it is the baseline the others are measured against`,
    });
  }
  return resolved.map(getStrategyOrThrow);
}
