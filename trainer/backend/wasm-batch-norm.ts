import * as tf from '@tensorflow/tfjs';
import { simdKernels, type SimdKernels } from './simd/simd-kernels';
import type { KernelArgs, WasmHeapBackend } from './wasm-kernel-utils';

/**
 * Batch normalisation in training, over every axis but the last (NHWC channels), as two kernels
 * that read and write the wasm heap in place. Composed from tfjs operations the forward pass is
 * a mean, a squared difference, another mean, and a multiply-add (five passes over the
 * activation, each a separate kernel with its own output) and the backward pass four more; here
 * each direction is two passes, and the per-channel sums are kept in float64.
 *
 * Forward:  y = (x - mean) * rstd * gamma + beta, rstd = 1 / sqrt(variance + epsilon),
 *           with the batch's mean and (biased) variance.
 * Backward: dBeta = sum(dy), dGamma = sum(dy * xhat),
 *           dx = gamma * rstd * (dy - dBeta / m - xhat * dGamma / m), xhat = (x - mean) * rstd.
 */
export const batchNormTrainKernel = 'NeuroLoopBatchNormTrain';
export const batchNormTrainGradKernel = 'NeuroLoopBatchNormTrainGrad';

interface EpsilonAttr {
  epsilon: number;
}

function channelsOf(x: tf.TensorInfo): number {
  return x.shape[x.shape.length - 1];
}

/**
 * Each pass visits the NHWC array a block of pixels at a time, one channel at a time within a
 * block: the block stays in L1 while each channel's loop reads it, and a channel's sums live in
 * locals instead of an array element per step (about twice as fast as pixel, then channel).
 * The four passes write this loop out each time: the same loop taking its body as a callback
 * ran three times slower (V8 does not inline a call site that sees four different bodies).
 */
const BLOCK = 128;

/** Inputs x, gamma, beta; outputs y, the batch mean and the batch variance. */
function batchNormTrain({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { x, gamma, beta } = inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
  const { epsilon } = attrs as unknown as EpsilonAttr;
  const heap = backend as unknown as WasmHeapBackend;
  const C = channelsOf(x);
  const yInfo = heap.makeOutput(x.shape, 'float32');
  const meanInfo = heap.makeOutput([C], 'float32');
  const varInfo = heap.makeOutput([C], 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    simdBatchNormTrain(simd, backend, x, gamma, beta, epsilon, [yInfo, meanInfo, varInfo]);
    return [yInfo, meanInfo, varInfo];
  }
  // Views after the allocations: growing the heap detaches earlier ones.
  const xs = heap.typedArrayFromHeap(x);
  const ys = heap.typedArrayFromHeap(yInfo);
  const g = heap.typedArrayFromHeap(gamma);
  const b = heap.typedArrayFromHeap(beta);
  const n = xs.length;
  const m = n / C;
  // Sums shifted by the first pixel's values: the variance keeps its precision when the mean is
  // large against the spread.
  const shift = Float64Array.from(xs.subarray(0, C));
  const s1 = new Float64Array(C);
  const s2 = new Float64Array(C);
  for (let p = 0; p < n; p += BLOCK * C) {
    const end = Math.min(n, p + BLOCK * C);
    for (let c = 0; c < C; c++) {
      const k = shift[c];
      let a = 0;
      let q = 0;
      for (let i = p + c; i < end; i += C) {
        const d = xs[i] - k;
        a += d;
        q += d * d;
      }
      s1[c] += a;
      s2[c] += q;
    }
  }
  const mean = heap.typedArrayFromHeap(meanInfo);
  const variance = heap.typedArrayFromHeap(varInfo);
  const scale = new Float64Array(C);
  const offset = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const d = s1[c] / m;
    const v = Math.max(0, s2[c] / m - d * d);
    const mu = shift[c] + d;
    mean[c] = mu;
    variance[c] = v;
    scale[c] = g[c] / Math.sqrt(v + epsilon);
    offset[c] = b[c] - mu * scale[c];
  }
  for (let p = 0; p < n; p += BLOCK * C) {
    const end = Math.min(n, p + BLOCK * C);
    for (let c = 0; c < C; c++) {
      const sc = scale[c];
      const of = offset[c];
      for (let i = p + c; i < end; i += C) ys[i] = xs[i] * sc + of;
    }
  }
  return [yInfo, meanInfo, varInfo];
}

/** Inputs dy, x, mean, variance, gamma (the forward pass's); outputs dx, dGamma, dBeta. */
function batchNormTrainGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const t = inputs as Record<'dy' | 'x' | 'mean' | 'variance' | 'gamma', tf.TensorInfo>;
  const { epsilon } = attrs as unknown as EpsilonAttr;
  const heap = backend as unknown as WasmHeapBackend;
  const C = channelsOf(t.x);
  const dxInfo = heap.makeOutput(t.x.shape, 'float32');
  const dGammaInfo = heap.makeOutput([C], 'float32');
  const dBetaInfo = heap.makeOutput([C], 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    simdBatchNormTrainGrad(simd, backend, t, epsilon, [dxInfo, dGammaInfo, dBetaInfo]);
    return [dxInfo, dGammaInfo, dBetaInfo];
  }
  const dy = heap.typedArrayFromHeap(t.dy);
  const xs = heap.typedArrayFromHeap(t.x);
  const meanV = heap.typedArrayFromHeap(t.mean);
  const varV = heap.typedArrayFromHeap(t.variance);
  const g = heap.typedArrayFromHeap(t.gamma);
  const dx = heap.typedArrayFromHeap(dxInfo);
  const n = xs.length;
  const m = n / C;
  const mean = Float64Array.from(meanV);
  const sDy = new Float64Array(C);
  const sDyXc = new Float64Array(C);
  for (let p = 0; p < n; p += BLOCK * C) {
    const end = Math.min(n, p + BLOCK * C);
    for (let c = 0; c < C; c++) {
      const mu = mean[c];
      let a = 0;
      let q = 0;
      for (let i = p + c; i < end; i += C) {
        const d = dy[i];
        a += d;
        q += d * (xs[i] - mu);
      }
      sDy[c] += a;
      sDyXc[c] += q;
    }
  }
  const dGamma = heap.typedArrayFromHeap(dGammaInfo);
  const dBeta = heap.typedArrayFromHeap(dBetaInfo);
  // dx = A * dy + B * x + D per channel.
  const A = new Float64Array(C);
  const B = new Float64Array(C);
  const D = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    const rstd = 1 / Math.sqrt(varV[c] + epsilon);
    const dG = sDyXc[c] * rstd;
    dGamma[c] = dG;
    dBeta[c] = sDy[c];
    A[c] = g[c] * rstd;
    B[c] = (-g[c] * rstd * rstd * dG) / m;
    D[c] = (-g[c] * rstd * sDy[c]) / m - B[c] * mean[c];
  }
  for (let p = 0; p < n; p += BLOCK * C) {
    const end = Math.min(n, p + BLOCK * C);
    for (let c = 0; c < C; c++) {
      const a = A[c];
      const bc = B[c];
      const d = D[c];
      for (let i = p + c; i < end; i += C) dx[i] = a * dy[i] + bc * xs[i] + d;
    }
  }
  return [dxInfo, dGammaInfo, dBetaInfo];
}

/**
 * Per-channel scratch on the heap for the SIMD kernels: `f64` float64 arrays of C, then `f32`
 * float32 arrays of C, the float64 ones 8-byte aligned. Freed by the returned dispose.
 */
function heapScratch(backend: unknown, C: number, f64: number, f32: number) {
  const heap = backend as unknown as WasmHeapBackend;
  const info = heap.makeOutput([2 * f64 * C + f32 * C + 2], 'float32');
  const view = heap.typedArrayFromHeap(info);
  const base = Math.ceil(view.byteOffset / 8) * 8;
  const d = Array.from({ length: f64 }, (_, i) => new Float64Array(view.buffer, base + i * 8 * C, C));
  const fBase = base + f64 * 8 * C;
  const f = Array.from({ length: f32 }, (_, i) => new Float32Array(view.buffer, fBase + i * 4 * C, C));
  return {
    d,
    f,
    dispose: () => (backend as tf.KernelBackend).disposeData(info.dataId),
  };
}

const at = (a: ArrayBufferView) => a.byteOffset;

/** batchNormTrain on the SIMD kernels: the same two passes, the same float64 sums. */
function simdBatchNormTrain(
  simd: SimdKernels,
  backend: unknown,
  x: tf.TensorInfo,
  gamma: tf.TensorInfo,
  beta: tf.TensorInfo,
  epsilon: number,
  [yInfo, meanInfo, varInfo]: tf.TensorInfo[],
): void {
  const heap = backend as unknown as WasmHeapBackend;
  const C = channelsOf(x);
  const scratch = heapScratch(backend, C, 3, 2);
  const [shift, s1, s2] = scratch.d;
  const [scale, offset] = scratch.f;
  const xs = heap.typedArrayFromHeap(x);
  const n = xs.length;
  const m = n / C;
  for (let c = 0; c < C; c++) shift[c] = xs[c];
  s1.fill(0);
  s2.fill(0);
  simd.bn_sums(at(xs), n, C, at(shift), at(s1), at(s2));
  const g = heap.typedArrayFromHeap(gamma);
  const b = heap.typedArrayFromHeap(beta);
  const mean = heap.typedArrayFromHeap(meanInfo);
  const variance = heap.typedArrayFromHeap(varInfo);
  for (let c = 0; c < C; c++) {
    const d = s1[c] / m;
    const v = Math.max(0, s2[c] / m - d * d);
    const mu = shift[c] + d;
    mean[c] = mu;
    variance[c] = v;
    const sc = g[c] / Math.sqrt(v + epsilon);
    scale[c] = sc;
    offset[c] = b[c] - mu * sc;
  }
  simd.bn_apply(at(xs), at(heap.typedArrayFromHeap(yInfo)), n, C, at(scale), at(offset));
  scratch.dispose();
}

/** batchNormTrainGrad on the SIMD kernels. */
function simdBatchNormTrainGrad(
  simd: SimdKernels,
  backend: unknown,
  t: Record<'dy' | 'x' | 'mean' | 'variance' | 'gamma', tf.TensorInfo>,
  epsilon: number,
  [dxInfo, dGammaInfo, dBetaInfo]: tf.TensorInfo[],
): void {
  const heap = backend as unknown as WasmHeapBackend;
  const C = channelsOf(t.x);
  const scratch = heapScratch(backend, C, 3, 3);
  const [mean, sDy, sDyXc] = scratch.d;
  const [A, B, D] = scratch.f;
  const dy = heap.typedArrayFromHeap(t.dy);
  const xs = heap.typedArrayFromHeap(t.x);
  const n = xs.length;
  const m = n / C;
  mean.set(heap.typedArrayFromHeap(t.mean));
  sDy.fill(0);
  sDyXc.fill(0);
  simd.bn_grad_sums(at(dy), at(xs), n, C, at(mean), at(sDy), at(sDyXc));
  const varV = heap.typedArrayFromHeap(t.variance);
  const g = heap.typedArrayFromHeap(t.gamma);
  const dGamma = heap.typedArrayFromHeap(dGammaInfo);
  const dBeta = heap.typedArrayFromHeap(dBetaInfo);
  for (let c = 0; c < C; c++) {
    const rstd = 1 / Math.sqrt(varV[c] + epsilon);
    const dG = sDyXc[c] * rstd;
    dGamma[c] = dG;
    dBeta[c] = sDy[c];
    const a = g[c] * rstd;
    const bc = (-g[c] * rstd * rstd * dG) / m;
    A[c] = a;
    B[c] = bc;
    D[c] = (-g[c] * rstd * sDy[c]) / m - bc * mean[c];
  }
  simd.bn_grad_apply(at(dy), at(xs), at(heap.typedArrayFromHeap(dxInfo)), n, C, at(A), at(B), at(D));
  scratch.dispose();
}

/** Registers both kernels on wasm once; safe to call again. */
export function registerWasmBatchNorm(): void {
  if (!tf.getKernel(batchNormTrainKernel, 'wasm'))
    tf.registerKernel({ kernelName: batchNormTrainKernel, backendName: 'wasm', kernelFunc: batchNormTrain });
  if (!tf.getKernel(batchNormTrainGradKernel, 'wasm'))
    tf.registerKernel({ kernelName: batchNormTrainGradKernel, backendName: 'wasm', kernelFunc: batchNormTrainGrad });
}

/** Whether the active backend has the in-place kernels (the wasm rung registers them). */
export function hasBatchNormKernels(): boolean {
  return tf.getKernel(batchNormTrainKernel, tf.getBackend()) !== undefined;
}
