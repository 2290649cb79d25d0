import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { setSimdKernelsEnabled } from '@/trainer/backend/simd/simd-kernels';
import { forceFilterGradientPath } from '@/trainer/backend/wasm-conv2d-backprop-filter';

type Pad = 'same' | 'valid' | number;
interface Case {
  kernel: [number, number];
  channels: [number, number];
  stride: number;
  pad: Pad;
}

function randomArray(n: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n }, () => rng.normal());
}

/** The gradient of sum(conv2d(x, W) * r) w.r.t. W (Conv2DBackpropFilter) or x (Conv2DBackpropInput). */
function convGradient(c: Case, wrt: 'filter' | 'input', seed: number): Float32Array {
  return tf.tidy(() => {
    const [kh, kw] = c.kernel;
    const [cin, cout] = c.channels;
    const x = tf.tensor4d(randomArray(3 * 11 * 12 * cin, seed), [3, 11, 12, cin]);
    const w = tf.tensor4d(randomArray(kh * kw * cin * cout, seed + 1), [kh, kw, cin, cout]);
    const outShape = tf.conv2d(x, w, c.stride, c.pad).shape;
    const r = tf.tensor(
      randomArray(
        outShape.reduce((a, b) => a * b, 1),
        seed + 2,
      ),
      outShape,
    );
    const loss = (xx: tf.Tensor, ww: tf.Tensor) =>
      tf
        .conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, c.stride, c.pad)
        .mul(r)
        .sum();
    const g =
      wrt === 'filter' ? tf.grad((ww: tf.Tensor) => loss(x, ww))(w) : tf.grad((xx: tf.Tensor) => loss(xx, w))(x);
    return g.dataSync() as Float32Array;
  });
}

const cases: Case[] = [];
for (const stride of [1, 2, 4]) {
  for (const pad of ['same', 'valid', 1] as Pad[]) {
    for (const [kernel, channels] of [
      [
        [1, 1],
        [3, 8],
      ],
      [
        [3, 3],
        [1, 4],
      ],
      [
        [3, 3],
        [8, 16],
      ],
      [
        [5, 5],
        [4, 6],
      ],
      [
        [3, 5],
        [2, 3],
      ],
    ] as [[number, number], [number, number]][]) {
      // tfjs sizes a numeric pad's output from the kernel height alone (its own forward passes
      // then disagree across backends); Keras layers only use 'same'/'valid'.
      if (typeof pad === 'number' && kernel[0] !== kernel[1]) continue;
      cases.push({ kernel, channels, stride, pad });
    }
  }
}

// The filter gradient has two forms (a convolution, or unrolled patches times dy), the patches
// written by the SIMD kernel or in JavaScript: each is checked on every case, as is the choice
// between them by shape. The input gradient's filter is flipped by the SIMD kernel or by tfjs.
const variants = [
  { wrt: 'filter', path: 'conv', simd: true },
  { wrt: 'filter', path: 'im2col', simd: true },
  { wrt: 'filter', path: 'im2col', simd: false },
  { wrt: 'filter', path: null, simd: true },
  { wrt: 'filter', path: null, simd: false },
  { wrt: 'input', path: null, simd: true },
  { wrt: 'input', path: null, simd: false },
] as const;

describe.each(variants)('wasm conv2d gradient w.r.t. $wrt (filter path: $path, SIMD: $simd)', ({ wrt, path, simd }) => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    forceFilterGradientPath(path);
    setSimdKernelsEnabled(simd);
    return () => {
      forceFilterGradientPath(null);
      setSimdKernelsEnabled(true);
    };
  });
  it.each(
    cases.map(
      (c, i) => [i, `${c.kernel.join('x')} ${c.channels.join('->')} stride ${c.stride} pad ${c.pad}`, c] as const,
    ),
  )('case %i (%s) matches the cpu backend', async (i, _name, c) => {
    await tf.setBackend('wasm');
    const before = tf.memory().numTensors;
    const onWasm = convGradient(c, wrt, 100 + i);
    expect(tf.memory().numTensors).toBe(before);
    await tf.setBackend('cpu');
    const onCpu = convGradient(c, wrt, 100 + i);
    await tf.setBackend('wasm');
    expect(onWasm.length).toBe(onCpu.length);
    const maxDiff = onWasm.reduce((m, v, j) => Math.max(m, Math.abs(v - onCpu[j])), 0);
    expect(maxDiff).toBeLessThan(1e-4);
  });
});
