import { AppError } from '@/lib/errors/app-error';
import { summariseSimulation } from '@/lib/simulation/label-efficiency';
import { meanRoundSeconds, type SimulationResult, type SummarisedResult } from './run-simulation';

/** What must agree between runs for their points to be one experiment (everything but seeds and strategies). */
function experimentKey(r: SimulationResult): string {
  const { seeds: _seeds, strategies: _strategies, part: _part, ...settings } = r.settings;
  return JSON.stringify({ dataset: r.dataset, settings });
}

/**
 * Combines simulation runs of the same experiment that ran with different seeds or strategies
 * (one process each, or several machines) into one result, as if one run had done them all.
 * Refuses runs whose dataset split or settings differ, and a (strategy, seed) run that appears twice.
 */
const unique = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

export function mergeSimulationResults(results: readonly SimulationResult[]): SummarisedResult {
  if (results.length === 0) throw new AppError({ code: 'BAD_REQUEST', message: 'nothing to merge' });
  const [first] = results;
  const key = experimentKey(first);
  const problems = results.flatMap((r, i) =>
    experimentKey(r) === key ? [] : [`run ${i + 1} differs from run 1 in its dataset split or settings`],
  );
  const pairs = results.flatMap((r) =>
    r.settings.strategies.flatMap((strategy) => r.settings.seeds.map((seed) => `${strategy} seed ${seed}`)),
  );
  const repeated = [...new Set(pairs.filter((p, i) => pairs.indexOf(p) !== i))];
  if (repeated.length) problems.push(`${repeated.join(', ')} appears in more than one run`);
  if (problems.length) throw new AppError({ code: 'BAD_REQUEST', message: problems.join('; ') });
  const strategies = unique(results.flatMap((r) => r.settings.strategies));
  const points = results.flatMap((r) => r.points);
  const rounds = results.flatMap((r) => r.timings.rounds);
  return {
    ...first,
    settings: {
      ...first.settings,
      part: undefined,
      seeds: unique(results.flatMap((r) => r.settings.seeds)).sort((a, b) => a - b),
      strategies,
    },
    machine: {
      ...first.machine,
      loadAverage1mAtStart: Math.max(...results.map((r) => r.machine.loadAverage1mAtStart)),
      loadAverage1mAtEnd: Math.max(...results.map((r) => r.machine.loadAverage1mAtEnd)),
    },
    points,
    summary: summariseSimulation(points),
    timings: {
      wallSeconds: Math.max(...results.map((r) => r.timings.wallSeconds)),
      meanRoundSeconds: meanRoundSeconds(strategies, rounds),
      rounds,
    },
  };
}
