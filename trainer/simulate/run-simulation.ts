import os from 'node:os';
import { AppError } from '@/lib/errors/app-error';
import { meanSd } from '@/lib/metrics/mean-sd';
import { BASELINE_STRATEGY, summariseSimulation, type SimulationSummary } from '@/lib/simulation/label-efficiency';
import type { SimulationPoint } from '@/lib/simulation/schemas';
import { modelKinds } from '@/lib/strategies';
import type { PreparedInputCache } from '@/trainer/data/image-source';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { runStrategy } from './run-strategy';
import type { SimulationData } from './simulation-data';
import type { RoundTiming, SimulationOptions } from './types';

export interface SimulationResult {
  dataset: {
    labels: string[];
    normalLabels: string[];
    layout: SimulationData['layout'];
    pool: number;
    test: number;
    testCounts: Record<string, number>;
  };
  settings: Omit<SimulationOptions, 'strategies' | 'backend' | 'preparedCache' | 'featureCache' | 'onProgress'> & {
    strategies: string[];
  };
  backend: { name: string; threads: number };
  machine: { cpus: number; node: string; loadAverage1mAtStart: number; loadAverage1mAtEnd: number };
  points: SimulationPoint[];
  /** Null for a part (simulate --part): simulate-merge summarises the whole. */
  summary: SimulationSummary | null;
  timings: {
    wallSeconds: number;
    /** Mean seconds per round (train + score) of each strategy, over seeds and rounds. */
    meanRoundSeconds: Record<string, number>;
    rounds: RoundTiming[];
  };
}

/** A result with its label-efficiency summary (a whole run, or merged parts). */
export type SummarisedResult = SimulationResult & { summary: SimulationSummary };

function checkOptions(data: SimulationData, opts: SimulationOptions): void {
  const problems: string[] = [];
  if (!opts.part && !opts.strategies.some((s) => s.name === BASELINE_STRATEGY))
    problems.push(`include "${BASELINE_STRATEGY}": it is the baseline the others are measured against`);
  if (opts.seedLabels >= data.pool.length)
    problems.push(
      `--seed-labels ${opts.seedLabels} leaves no unlabelled pool (the pool has ${data.pool.length} scans)`,
    );
  if (opts.committeeSize < 2 || opts.committeeSize > modelKinds.length)
    problems.push(`--committee-size must be 2..${modelKinds.length}`);
  if (data.test.length === 0) problems.push('the test set is empty');
  if (problems.length) throw new AppError({ code: 'BAD_REQUEST', message: problems.join('; ') });
}

/** Mean seconds per round (train + score) of each strategy, over seeds and rounds. */
export function meanRoundSeconds(
  strategies: readonly string[],
  rounds: readonly RoundTiming[],
): Record<string, number> {
  return Object.fromEntries(
    strategies.map((s) => [
      s,
      meanSd(rounds.filter((r) => r.strategy === s).map((r) => r.trainSeconds + r.scoreSeconds)).mean,
    ]),
  );
}

/**
 * The label-efficiency experiment: every strategy on every seed, each run from the same seed set of
 * that seed, evaluated on the same held-out test set after every round.
 */
export async function runSimulation(data: SimulationData, opts: SimulationOptions): Promise<SimulationResult> {
  checkOptions(data, opts);
  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  const preparedCache: PreparedInputCache = opts.preparedCache ?? new Map();
  const featureCache = opts.featureCache ?? memoryFeatureCache();
  const points: SimulationPoint[] = [];
  const rounds: RoundTiming[] = [];
  for (const seed of opts.seeds) {
    for (const strategy of opts.strategies) {
      const run = await runStrategy(strategy, seed, data, { ...opts, preparedCache, featureCache });
      points.push(...run.points);
      rounds.push(...run.timings);
    }
  }
  const {
    strategies,
    backend,
    preparedCache: _cache,
    featureCache: _features,
    onProgress: _progress,
    ...settings
  } = opts;
  return {
    dataset: {
      labels: data.labels,
      normalLabels: data.normalLabels,
      layout: data.layout,
      pool: data.pool.length,
      test: data.test.length,
      testCounts: Object.fromEntries(data.labels.map((l, c) => [l, data.test.filter((t) => t.label === c).length])),
    },
    settings: { ...settings, strategies: strategies.map((s) => s.name) },
    backend: { name: backend.name, threads: backend.threads },
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverage1mAtStart: loadAtStart,
      loadAverage1mAtEnd: os.loadavg()[0],
    },
    points,
    summary: opts.part ? null : summariseSimulation(points),
    timings: {
      wallSeconds: (performance.now() - started) / 1000,
      meanRoundSeconds: meanRoundSeconds(
        opts.strategies.map((s) => s.name),
        rounds,
      ),
      rounds,
    },
  };
}
