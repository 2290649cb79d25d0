import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { setSimdKernelsEnabled } from '@/trainer/backend/simd/simd-kernels';

interface Case {
  shape: [number, number, number, number];
  pool: number;
  stride: number;
  pad: 'same' | 'valid';
}

/** d sum(maxPool(x) * r) / dx, with x on a coarse grid of values (many ties, zeros and all-negative windows). */
function poolGradient(c: Case, seed: number): Float32Array {
  return tf.tidy(() => {
    const rng = createRng(seed);
    const size = c.shape.reduce((a, b) => a * b, 1);
    const x = tf.tensor4d(
      Float32Array.from({ length: size }, () => Math.round(rng.normal() * 2) / 2),
      c.shape,
    );
    const outShape = tf.maxPool(x, c.pool, c.stride, c.pad).shape;
    const r = tf.tensor(
      Float32Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
      outShape,
    );
    return tf
      .grad((t: tf.Tensor) =>
        tf
          .maxPool(t as tf.Tensor4D, c.pool, c.stride, c.pad)
          .mul(r)
          .sum(),
      )(x)
      .dataSync() as Float32Array;
  });
}

const cases: Case[] = [
  { shape: [2, 8, 8, 3], pool: 2, stride: 2, pad: 'valid' },
  { shape: [2, 9, 7, 4], pool: 2, stride: 2, pad: 'same' },
  { shape: [1, 11, 10, 2], pool: 3, stride: 2, pad: 'same' },
  { shape: [1, 6, 6, 5], pool: 3, stride: 1, pad: 'valid' },
  { shape: [2, 12, 12, 16], pool: 3, stride: 2, pad: 'same' },
  { shape: [2, 10, 10, 7], pool: 2, stride: 2, pad: 'valid' },
];

// The SIMD kernel, and the JavaScript one that runs where it cannot.
describe.each([true, false])('wasm MaxPoolGrad (SIMD: %s)', (simd) => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    setSimdKernelsEnabled(simd);
    return () => setSimdKernelsEnabled(true);
  });

  it('sends the gradient to the first maximum of each window, negative windows included', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor4d([-1, -2, -3, -4, 0, 0, 0, 0, 5, 1, 5, 2, -1, 0, 0, -2], [1, 4, 4, 1]);
    const g = tf.grad((t: tf.Tensor) => tf.maxPool(t as tf.Tensor4D, 2, 2, 'valid').sum())(x);
    expect([...g.dataSync()]).toEqual([0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 0]);
    tf.dispose([x, g]);
  });

  it.each(
    cases.map((c, i) => [i, `${c.pool}x${c.pool} stride ${c.stride} ${c.pad} on ${c.shape.join('x')}`, c] as const),
  )('case %i (%s) matches the cpu backend', async (i, _name, c) => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const onWasm = poolGradient(c, 10 + i);
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    const onCpu = poolGradient(c, 10 + i);
    await tf.setBackend('wasm');
    const maxDiff = onWasm.reduce((m, v, j) => Math.max(m, Math.abs(v - onCpu[j])), 0);
    expect(onWasm.length).toBe(onCpu.length);
    expect(maxDiff).toBeLessThan(1e-6);
  });
});
