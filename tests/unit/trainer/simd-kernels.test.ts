import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { setSimdKernelsEnabled, simdKernels } from '@/trainer/backend/simd/simd-kernels';
import { batchNormTrainGradKernel, batchNormTrainKernel } from '@/trainer/backend/wasm-batch-norm';

const attrs = { epsilon: 1e-3 } as unknown as tf.NamedAttrMap;

/** The batch-norm kernels' outputs, forward (y, mean, variance) then backward (dx, dGamma, dBeta). */
function batchNorm(shape: [number, number, number, number], seed: number): Float32Array[] {
  return tf.tidy(() => {
    const rng = createRng(seed);
    const C = shape[3];
    const size = shape.reduce((a, b) => a * b);
    const x = tf.tensor4d(
      Float32Array.from({ length: size }, () => 40 + 0.5 * rng.normal()),
      shape,
    );
    const dy = tf.tensor4d(
      Float32Array.from({ length: size }, () => rng.normal()),
      shape,
    );
    const gamma = tf.tensor1d(Float32Array.from({ length: C }, () => 1 + 0.3 * rng.normal()));
    const beta = tf.tensor1d(Float32Array.from({ length: C }, () => rng.normal()));
    const forward = tf.engine().runKernel(batchNormTrainKernel, { x, gamma, beta }, attrs) as tf.Tensor[];
    const [, mean, variance] = forward;
    const backward = tf
      .engine()
      .runKernel(batchNormTrainGradKernel, { dy, x, mean, variance, gamma }, attrs) as tf.Tensor[];
    return [...forward, ...backward].map((t) => t.dataSync() as Float32Array);
  });
}

describe('SIMD kernels', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });
  afterEach(() => setSimdKernelsEnabled(true));

  it('load on the threaded wasm backend, whose heap they share', () => {
    expect(simdKernels(tf.backend())).not.toBeNull();
    setSimdKernelsEnabled(false);
    expect(simdKernels(tf.backend())).toBeNull();
  });

  // 16 and 24 channels fill SIMD lanes; 6 and 3 leave a remainder the scalar loop takes.
  it.each([[[4, 16, 16, 16]], [[8, 16, 16, 24]], [[3, 5, 4, 6]], [[2, 9, 7, 3]]] as [
    [number, number, number, number],
  ][])('batch norm on %j: the same outputs as the JavaScript kernels', (shape) => {
    const before = tf.memory().numTensors;
    const simd = batchNorm(shape, 3);
    setSimdKernelsEnabled(false);
    const js = batchNorm(shape, 3);
    expect(tf.memory().numTensors).toBe(before);
    const names = ['y', 'mean', 'variance', 'dx', 'dGamma', 'dBeta'];
    simd.forEach((a, i) => {
      const b = js[i];
      const scale = Math.max(1, ...b.map(Math.abs));
      const diff = a.reduce((m, v, j) => Math.max(m, Math.abs(v - b[j])), 0);
      expect(diff / scale, names[i]).toBeLessThan(1e-5);
    });
  });
});

describe('kernels-wasm.ts', () => {
  // Another clang version may emit other bytes for the same source: compare only with the one
  // that built the committed module.
  const built = /\/\/ Compiler: (.*)\.\n/.exec(
    fs.readFileSync(path.join(import.meta.dirname, '../../../trainer/backend/simd/kernels-wasm.ts'), 'utf8'),
  )?.[1];
  const clang = spawnSync('clang', ['--version'], { encoding: 'utf8' }).stdout?.split('\n')[0].trim();
  const linker = ['wasm-ld', 'llvm-objdump-14'].every(
    (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
  );
  const why = !clang
    ? 'clang is not installed'
    : clang !== built
      ? `clang here is "${clang}", the module was built with "${built}"`
      : !linker
        ? 'wasm-ld or llvm-objdump-14 is not installed'
        : null;
  if (why) console.log(`SKIP kernels-wasm.ts against kernels.c: ${why}`);
  it.skipIf(why !== null)('is the build of kernels.c', () => {
    const run = spawnSync(process.execPath, ['bin/build-simd-kernels.mjs', '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
