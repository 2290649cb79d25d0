import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { getStrategyOrThrow } from '@/lib/strategies';
import { createLogger } from '@/server/logger';
import { chooseBackend, type BackendChoice } from '@/trainer/backend/choose-backend';
import { runStrategy } from '@/trainer/simulate/run-strategy';
import type { SimulationData } from '@/trainer/simulate/simulation-data';
import type { SimulationOptions } from '@/trainer/simulate/types';
import { tinyDataset } from '../trainer/fixtures';

let backend: BackendChoice;
const all = tinyDataset({ count: 48, size: 32, seed: 9, ct: true });
const data: SimulationData = {
  labels: ['a', 'b'],
  normalLabels: ['a'],
  layout: 'flat',
  pool: all.slice(0, 36),
  test: all.slice(36),
  skipped: [],
};

const options = (over: Partial<SimulationOptions> = {}): SimulationOptions => ({
  strategies: [],
  seeds: [1],
  seedLabels: 8,
  batch: 5,
  rounds: 2,
  model: 'cnn',
  imageSize: 32,
  epochs: 1,
  patience: 1,
  validationFraction: 0.15,
  mcDropoutPasses: 4,
  committeeSize: 3,
  warmStart: true,
  backend,
  ...over,
});

describe('runStrategy', () => {
  beforeAll(async () => {
    backend = await chooseBackend({ force: 'wasm', logger: createLogger('silent') });
  });

  it.each(['committee-vote-entropy', 'bald', 'diverse'])(
    '%s: labels grow by the batch, queried scans are new, no tensors leak',
    async (name) => {
      const before = tf.memory().numTensors;
      const asked: string[] = [];
      const run = await runStrategy(
        getStrategyOrThrow(name),
        1,
        data,
        options({
          onProgress: (e) => (e.step === 'evaluated' ? asked.push(`${e.round}:${e.labels}`) : undefined),
        }),
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(run.points.map((p) => p.labels)).toEqual([8, 13, 18]);
      expect(asked).toEqual(['0:8', '1:13', '2:18']);
      // A committee trains one model per member each round; the others one model.
      const members = name.startsWith('committee') ? 3 : 1;
      expect(run.timings.map((t) => t.epochs)).toEqual([members, members, members]);
      expect(run.asked.map((a) => a.length)).toEqual([8, 5, 5]);
      expect(new Set(run.asked.flat()).size).toBe(18);
    },
  );

  it('stops when the pool runs out, evaluating on every label', async () => {
    const run = await runStrategy(
      getStrategyOrThrow('random'),
      2,
      data,
      options({ seedLabels: 30, batch: 4, rounds: 5 }),
    );
    expect(run.points.map((p) => p.labels)).toEqual([30, 34, 36]);
    expect(run.asked.flat().sort((a, b) => a - b)).toEqual(data.pool.map((_, i) => i));
  });
});
