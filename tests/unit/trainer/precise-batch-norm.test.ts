import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { batchNormalization } from '@/trainer/models/fast-batch-norm';
import { PRECISE_BN_EXAMPLES, recalibrateBatchNorm } from '@/trainer/train/precise-batch-norm';
import type { ExampleSource } from '@/trainer/train/types';

/** A conv, a BN layer (the fast one) and one of tfjs-layers' own, on 4x4x2 inputs. */
function tinyModel(): tf.LayersModel {
  const input = tf.input({ shape: [4, 4, 2] });
  const conv = tf.layers
    .conv2d({ filters: 3, kernelSize: 1, kernelInitializer: 'ones', useBias: false })
    .apply(input) as tf.SymbolicTensor;
  const bn1 = batchNormalization({ axis: -1, momentum: 0.9 }).apply(conv) as tf.SymbolicTensor;
  const bn2 = tf.layers.batchNormalization({ axis: 1, momentum: 0.99 }).apply(bn1) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: bn2 });
}

function source(n: number, seed: number): ExampleSource {
  const rng = createRng(seed);
  const examples = Array.from({ length: n }, () => Float32Array.from({ length: 32 }, () => 5 + 2 * rng.normal()));
  return { shape: [4, 4, 2], labels: examples.map(() => 0), get: (i) => examples[i] };
}

describe('recalibrateBatchNorm', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('sets each moving mean and variance to the mean over batches of their batch statistics, and restores momentum', () => {
    const model = tinyModel();
    const [, bn1, bn2] = model.layers.slice(1);
    // Stale statistics, far from the data's.
    bn1.setWeights([tf.ones([3]), tf.zeros([3]), tf.fill([3], -40), tf.fill([3], 900)]);
    const data = source(10, 3);
    expect(recalibrateBatchNorm(model, data, 4)).toBe(10);

    // By hand: the conv sums the two channels (ones kernel), the same for all three filters.
    const batches = [
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9],
    ];
    const stats = batches.map((idx) => {
      const xs = idx.flatMap((i) => {
        const e = data.get(i);
        return Array.from({ length: 16 }, (_, p) => e[2 * p] + e[2 * p + 1]);
      });
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      return { mean, variance: xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length };
    });
    const expectMean = stats.reduce((a, s) => a + s.mean, 0) / 3;
    const expectVariance = stats.reduce((a, s) => a + s.variance, 0) / 3;
    const [, , movingMean, movingVariance] = bn1.getWeights().map((w) => Array.from(w.dataSync()));
    for (let c = 0; c < 3; c++) {
      expect(movingMean[c]).toBeCloseTo(expectMean, 3);
      expect(movingVariance[c]).toBeCloseTo(expectVariance, 2);
    }
    // tfjs-layers' own layer (not the last axis) is recalibrated too: its statistics moved off their start.
    expect(Array.from(bn2.getWeights()[2].dataSync()).some((v) => v !== 0)).toBe(true);
    expect((bn1 as unknown as { momentum: number }).momentum).toBe(0.9);
    expect((bn2 as unknown as { momentum: number }).momentum).toBe(0.99);
    model.dispose();
  });

  it('uses at most PRECISE_BN_EXAMPLES examples, leaves no tensors, and does nothing without BN layers', () => {
    const model = tinyModel();
    const before = tf.memory().numTensors;
    expect(recalibrateBatchNorm(model, source(PRECISE_BN_EXAMPLES + 50, 5), 64)).toBe(PRECISE_BN_EXAMPLES);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
    expect(recalibrateBatchNorm(dense, { shape: [3], labels: [0], get: () => new Float32Array(3) }, 8)).toBe(0);
    dense.dispose();
  });
});
