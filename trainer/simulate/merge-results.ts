import { AppError } from '@/lib/errors/app-error';
import { summariseSimulation } from '@/lib/simulation/label-efficiency';
import { meanRoundSeconds, type SimulationResult } from './run-simulation';

/** What must agree between runs for their points to be one experiment (everything but the seeds). */
function experimentKey(r: SimulationResult): string {
  const { seeds: _seeds, ...settings } = r.settings;
  return JSON.stringify({ dataset: r.dataset, settings });
}

/**
 * Combines simulation runs of the same experiment that ran with different seeds (one process
 * per seed, or several machines) into one result, as if one run had used all their seeds.
 * Refuses runs whose dataset split or settings differ, and seeds that appear twice.
 */
export function mergeSimulationResults(results: readonly SimulationResult[]): SimulationResult {
  if (results.length === 0) throw new AppError({ code: 'BAD_REQUEST', message: 'nothing to merge' });
  const [first] = results;
  const key = experimentKey(first);
  const problems = results.flatMap((r, i) => (experimentKey(r) === key ? [] : [`run ${i + 1} differs from run 1 in its dataset split or settings`]));
  const seeds = results.flatMap((r) => r.settings.seeds);
  const repeated = seeds.filter((s, i) => seeds.indexOf(s) !== i);
  if (repeated.length) problems.push(`seed ${repeated.join(', ')} appears in more than one run`);
  if (problems.length) throw new AppError({ code: 'BAD_REQUEST', message: problems.join('; ') });
  const points = results.flatMap((r) => r.points);
  const rounds = results.flatMap((r) => r.timings.rounds);
  return {
    ...first,
    settings: { ...first.settings, seeds: [...seeds].sort((a, b) => a - b) },
    machine: {
      ...first.machine,
      loadAverage1mAtStart: Math.max(...results.map((r) => r.machine.loadAverage1mAtStart)),
      loadAverage1mAtEnd: Math.max(...results.map((r) => r.machine.loadAverage1mAtEnd)),
    },
    points,
    summary: summariseSimulation(points),
    timings: {
      wallSeconds: Math.max(...results.map((r) => r.timings.wallSeconds)),
      meanRoundSeconds: meanRoundSeconds(first.settings.strategies, rounds),
      rounds,
    },
  };
}
