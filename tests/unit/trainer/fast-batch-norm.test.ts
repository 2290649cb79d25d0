import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { FastBatchNormalization } from '@/trainer/models/fast-batch-norm';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

describe('FastBatchNormalization', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('matches tfjs-layers BatchNormalization in training: output, gradients and moving statistics', () => {
    const rng = createRng(4);
    const x = tf.tensor4d(
      Float32Array.from({ length: 3 * 5 * 4 * 6 }, () => 2 + 3 * rng.normal()),
      [3, 5, 4, 6],
    );
    const r = tf.tensor4d(
      Float32Array.from({ length: x.size }, () => rng.normal()),
      x.shape,
    );
    const args = { axis: -1, momentum: 0.9, epsilon: 1e-3, gammaInitializer: 'ones' as const };
    const fast = new FastBatchNormalization(args);
    const slow = tf.layers.batchNormalization(args);
    for (const layer of [fast, slow]) {
      layer.build(x.shape);
      layer.setWeights([tf.fill([6], 1.5), tf.fill([6], 0.2), tf.zeros([6]), tf.ones([6])]);
    }
    const run = (layer: tf.layers.Layer) => {
      const [gamma, beta] = layer.trainableWeights.map((w) => w.read());
      const f = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
        layer.setWeights([g, b, ...layer.getWeights().slice(2)]);
        return (layer.apply(xx, { training: true }) as tf.Tensor).mul(r).sum();
      };
      const y = layer.apply(x, { training: true }) as tf.Tensor;
      const grads = tf.grads(f)([x, gamma, beta]);
      return { y, grads, moving: layer.getWeights().slice(2) };
    };
    const a = run(fast);
    const b = run(slow);
    expect(maxDiff(a.y, b.y)).toBeLessThan(1e-4);
    a.grads.forEach((g, i) => expect(maxDiff(g, b.grads[i])).toBeLessThan(1e-3));
    a.moving.forEach((m, i) => expect(maxDiff(m, b.moving[i])).toBeLessThan(1e-4));
    // Inference uses the moving statistics, as the standard layer does.
    expect(maxDiff(fast.apply(x) as tf.Tensor, slow.apply(x) as tf.Tensor)).toBeLessThan(1e-4);
  });

  it('serialises as the standard Keras layer', () => {
    expect(FastBatchNormalization.className).toBe('BatchNormalization');
    expect(new FastBatchNormalization({}).getClassName()).toBe('BatchNormalization');
  });
});
