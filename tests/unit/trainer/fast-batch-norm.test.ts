import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { batchNormTrainKernel, hasBatchNormKernels } from '@/trainer/backend/wasm-batch-norm';
import { FastBatchNormalization } from '@/trainer/models/fast-batch-norm';

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];

describe('FastBatchNormalization', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  // wasm takes the in-place kernels; cpu (as webgpu and native TensorFlow) the composed operations.
  it.each(['wasm', 'cpu'])('matches tfjs-layers BatchNormalization in training on %s', async (backend) => {
    await tf.setBackend(backend);
    expect(hasBatchNormKernels()).toBe(backend === 'wasm');
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
    await tf.setBackend('wasm');
  });

  it('takes the in-place wasm kernels, which match the composed operations on a large activation', () => {
    expect(hasBatchNormKernels()).toBe(true);
    const rng = createRng(9);
    const shape: [number, number, number, number] = [8, 16, 16, 24];
    const size = shape.reduce((a, b) => a * b);
    // A large mean against the spread: the variance must keep its precision.
    const x = tf.tensor4d(
      Float32Array.from({ length: size }, () => 40 + 0.5 * rng.normal()),
      shape,
    );
    const r = tf.tensor4d(
      Float32Array.from({ length: size }, () => rng.normal()),
      shape,
    );
    const gamma = tf.tensor1d(Float32Array.from({ length: 24 }, () => 1 + 0.3 * rng.normal()));
    const beta = tf.tensor1d(Float32Array.from({ length: 24 }, () => rng.normal()));
    const composed = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const { mean, variance } = tf.moments(xx, [0, 1, 2]);
      return tf.add(tf.mul(tf.mul(tf.sub(xx, mean), tf.rsqrt(tf.add(variance, 1e-3))), g), b);
    };
    const inPlace = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
      const [y, mean, variance] = tf.engine().runKernel(batchNormTrainKernel, { x: xx, gamma: g, beta: b }, {
        epsilon: 1e-3,
      } as unknown as tf.NamedAttrMap) as tf.Tensor[];
      const moments = tf.moments(xx, [0, 1, 2]);
      expect(maxDiff(mean, moments.mean)).toBeLessThan(1e-4);
      expect(maxDiff(variance, moments.variance)).toBeLessThan(1e-4);
      return y;
    };
    expect(maxDiff(inPlace(x, gamma, beta), composed(x, gamma, beta))).toBeLessThan(1e-3);
    const layer = new FastBatchNormalization({ axis: -1, epsilon: 1e-3 });
    layer.build(shape);
    layer.setWeights([gamma, beta, ...layer.getWeights().slice(2)]);
    const [gammaVar, betaVar] = layer.trainableWeights.map((w) => w.read());
    const loss = (xx: tf.Tensor) => (layer.apply(xx, { training: true }) as tf.Tensor).mul(r).sum();
    const fast = tf.grads((xx: tf.Tensor, _g: tf.Tensor, _b: tf.Tensor) => loss(xx))([x, gammaVar, betaVar]);
    const reference = tf.grads((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => composed(xx, g, b).mul(r).sum())([
      x,
      gamma,
      beta,
    ]);
    // dx within 1e-3 of its largest value; dGamma and dBeta are sums over 2,048 positions.
    const scale = (t: tf.Tensor) => tf.max(tf.abs(t)).dataSync()[0];
    expect(maxDiff(fast[0], reference[0]) / scale(reference[0])).toBeLessThan(1e-3);
    expect(maxDiff(fast[1], reference[1]) / scale(reference[1])).toBeLessThan(1e-3);
    expect(maxDiff(fast[2], reference[2]) / scale(reference[2])).toBeLessThan(1e-4);
  });

  it('serialises as the standard Keras layer', () => {
    expect(FastBatchNormalization.className).toBe('BatchNormalization');
    expect(new FastBatchNormalization({}).getClassName()).toBe('BatchNormalization');
  });
});
