import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { negativeLogLikelihood } from '@/lib/metrics/calibration';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { buildFeatureHead } from '@/trainer/models/resnet50';
import { fineTuneLearningRates, fineTuneWithSearch } from '@/trainer/resnet50/fine-tune-schedule';
import { learningRateAt } from '@/trainer/train/fit';
import { predictLogits } from '@/trainer/train/predict-logits';
import type { ExampleSource } from '@/trainer/train/types';

/** Two classes of 6-feature rows, apart by their first feature. */
function rows(n: number, seed: number): ExampleSource {
  const rng = createRng(seed);
  const labels = Array.from({ length: n }, (_, i) => i % 2);
  const data = labels.map((y) => Float32Array.from({ length: 6 }, (_, k) => (k === 0 ? 2 * y - 1 : 0) + rng.normal()));
  return { shape: [6], labels, get: (i) => data[i] };
}

const valLoss = (model: tf.LayersModel, source: ExampleSource) =>
  negativeLogLikelihood(predictLogits(model, source), source.labels);

describe('fine-tuning whose schedule is chosen on validation', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  const options = (model: tf.LayersModel, validation: ExampleSource) => ({
    kind: 'resnet50' as const,
    phase: 'fine-tune' as const,
    model,
    train: rows(80, 1),
    validation,
    epochs: 4,
    batchSize: 16,
    patience: 4,
    classWeights: null,
    bnTraining: false,
    augmentOnWorker: false,
    rng: createRng(7),
    warmupEpochs: 1,
  });

  it('tries every rate from the same start and keeps the run with the lowest validation loss', async () => {
    const model = buildFeatureHead({ features: 6, classCount: 2, dropout: 0, seed: 3 });
    const validation = rows(40, 2);
    const before = tf.memory().numTensors;
    const { history, search } = await fineTuneWithSearch(options(model, validation), [0.05, 1e-9]);
    expect(tf.memory().numTensors).toBe(before);
    expect(search.runs.map((r) => r.learningRate)).toEqual([0.05, 1e-9]);
    // The useful rate wins over one that barely moves the head.
    expect(search.chosen).toBe(0.05);
    const best = Math.min(...search.runs.map((r) => r.valLoss!));
    expect(search.runs[0].valLoss).toBe(best);
    expect(best).toBeLessThan(search.headValLoss!);
    expect(valLoss(model, validation)).toBeCloseTo(best, 6);
    expect(history).toHaveLength(search.runs[0].epochs);
    model.dispose();
  });

  it('keeps the head as it was when no run beats it', async () => {
    const model = buildFeatureHead({ features: 6, classCount: 2, dropout: 0, seed: 3 });
    const start = model.getWeights().map((w) => Array.from(w.dataSync()));
    // A rate far too high for this head: every epoch ends worse on validation than the start.
    const { history, search } = await fineTuneWithSearch(options(model, rows(40, 2)), [50]);
    expect(search.runs[0].valLoss).toBeCloseTo(search.headValLoss!, 6);
    expect(search.chosen).toBeNull();
    expect(history).toEqual([]);
    expect(model.getWeights().map((w) => Array.from(w.dataSync()))).toEqual(start);
    model.dispose();
  });

  it('runs only the first rate without validation scans, and defaults to the rate and a third of it', async () => {
    const model = buildFeatureHead({ features: 6, classCount: 2, dropout: 0, seed: 3 });
    const none: ExampleSource = { shape: [6], labels: [], get: () => new Float32Array(6) };
    const { search } = await fineTuneWithSearch(options(model, none), [0.05, 0.01]);
    expect(search).toMatchObject({ headValLoss: null, chosen: 0.05, runs: [{ learningRate: 0.05, valLoss: null }] });
    model.dispose();
    const [rate, third] = fineTuneLearningRates({ learningRate: 3e-4 });
    expect([rate, third * 3]).toEqual([3e-4, 3e-4]);
    expect(fineTuneLearningRates({ learningRate: 3e-4, learningRates: [1e-3] })).toEqual([1e-3]);
  });

  it('warms the learning rate up linearly from a tenth over the warm-up epochs, then holds it', () => {
    const o = { learningRate: 1e-3, warmupEpochs: 2 };
    expect(learningRateAt(o, 0)).toBeCloseTo(1e-4, 12);
    expect(learningRateAt(o, 1)).toBeCloseTo(5.5e-4, 12);
    expect(learningRateAt(o, 2)).toBe(1e-3);
    expect(learningRateAt(o, 7.5)).toBe(1e-3);
    expect(learningRateAt({ learningRate: 1e-3 }, 0)).toBe(1e-3);
  });
});
