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
 * Where the SIMD kernels load (kernels.c), they run these passes instead.
 */
const BLOCK = 128;

type Vector = Float32Array | Float64Array;

/**
 * Per channel, from the sums of (x - shift) and its square over m values: the batch mean and
 * (biased) variance, and y = x * scale + offset.
 */
function normalisation(
  i: { s1: Vector; s2: Vector; shift: Vector; m: number; gamma: Vector; beta: Vector; epsilon: number },
  o: { mean: Vector; variance: Vector; scale: Vector; offset: Vector },
): void {
  for (let c = 0; c < i.shift.length; c++) {
    const d = i.s1[c] / i.m;
    const v = Math.max(0, i.s2[c] / i.m - d * d);
    const mu = i.shift[c] + d;
    o.mean[c] = mu;
    o.variance[c] = v;
    const sc = i.gamma[c] / Math.sqrt(v + i.epsilon);
    o.scale[c] = sc;
    o.offset[c] = i.beta[c] - mu * sc;
  }
}

/** Per channel, from the sums of dy and dy * (x - mean): dGamma, dBeta and dx = A * dy + B * x + D. */
function gradientCoefficients(
  i: { sDy: Vector; sDyXc: Vector; mean: Vector; variance: Vector; gamma: Vector; m: number; epsilon: number },
  o: { dGamma: Vector; dBeta: Vector; A: Vector; B: Vector; D: Vector },
): void {
  for (let c = 0; c < i.sDy.length; c++) {
    const rstd = 1 / Math.sqrt(i.variance[c] + i.epsilon);
    const dG = i.sDyXc[c] * rstd;
    o.dGamma[c] = dG;
    o.dBeta[c] = i.sDy[c];
    const g = i.gamma[c];
    const b = (-g * rstd * rstd * dG) / i.m;
    o.A[c] = g * rstd;
    o.B[c] = b;
    o.D[c] = (-g * rstd * i.sDy[c]) / i.m - b * i.mean[c];
  }
}

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
  const scale = new Float64Array(C);
  const offset = new Float64Array(C);
  const stats = { mean: heap.typedArrayFromHeap(meanInfo), variance: heap.typedArrayFromHeap(varInfo), scale, offset };
  normalisation({ s1, s2, shift, m, gamma: g, beta: b, epsilon }, stats);
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
  const A = new Float64Array(C);
  const B = new Float64Array(C);
  const D = new Float64Array(C);
  gradientCoefficients(
    { sDy, sDyXc, mean, variance: varV, gamma: g, m, epsilon },
    { dGamma: heap.typedArrayFromHeap(dGammaInfo), dBeta: heap.typedArrayFromHeap(dBetaInfo), A, B, D },
  );
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
 * Runs `body` with per-channel scratch on the heap for the SIMD kernels: `f64` float64 arrays
 * of C (8-byte aligned), then `f32` float32 arrays of C; freed after, whatever happens.
 */
function withHeapScratch(
  backend: unknown,
  C: number,
  f64: number,
  f32: number,
  body: (d: Float64Array[], f: Float32Array[]) => void,
): void {
  const heap = backend as unknown as WasmHeapBackend;
  const info = heap.makeOutput([2 * f64 * C + f32 * C + 2], 'float32');
  try {
    const view = heap.typedArrayFromHeap(info);
    const base = Math.ceil(view.byteOffset / 8) * 8;
    const d = Array.from({ length: f64 }, (_, i) => new Float64Array(view.buffer, base + i * 8 * C, C));
    const fBase = base + f64 * 8 * C;
    body(
      d,
      Array.from({ length: f32 }, (_, i) => new Float32Array(view.buffer, fBase + i * 4 * C, C)),
    );
  } finally {
    (backend as tf.KernelBackend).disposeData(info.dataId);
  }
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
  withHeapScratch(backend, C, 3, 2, ([shift, s1, s2], [scale, offset]) => {
    const xs = heap.typedArrayFromHeap(x);
    const n = xs.length;
    const m = n / C;
    for (let c = 0; c < C; c++) shift[c] = xs[c];
    s1.fill(0);
    s2.fill(0);
    simd.bn_sums(at(xs), n, C, at(shift), at(s1), at(s2));
    const sums = {
      s1,
      s2,
      shift,
      m,
      gamma: heap.typedArrayFromHeap(gamma),
      beta: heap.typedArrayFromHeap(beta),
      epsilon,
    };
    normalisation(sums, {
      mean: heap.typedArrayFromHeap(meanInfo),
      variance: heap.typedArrayFromHeap(varInfo),
      scale,
      offset,
    });
    simd.bn_apply(at(xs), at(heap.typedArrayFromHeap(yInfo)), n, C, at(scale), at(offset));
  });
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
  withHeapScratch(backend, C, 3, 3, ([mean, sDy, sDyXc], [A, B, D]) => {
    const dy = heap.typedArrayFromHeap(t.dy);
    const xs = heap.typedArrayFromHeap(t.x);
    const n = xs.length;
    const m = n / C;
    mean.set(heap.typedArrayFromHeap(t.mean));
    sDy.fill(0);
    sDyXc.fill(0);
    simd.bn_grad_sums(at(dy), at(xs), n, C, at(mean), at(sDy), at(sDyXc));
    gradientCoefficients(
      {
        sDy,
        sDyXc,
        mean,
        variance: heap.typedArrayFromHeap(t.variance),
        gamma: heap.typedArrayFromHeap(t.gamma),
        m,
        epsilon,
      },
      { dGamma: heap.typedArrayFromHeap(dGammaInfo), dBeta: heap.typedArrayFromHeap(dBetaInfo), A, B, D },
    );
    simd.bn_grad_apply(at(dy), at(xs), at(heap.typedArrayFromHeap(dxInfo)), n, C, at(A), at(B), at(D));
  });
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
