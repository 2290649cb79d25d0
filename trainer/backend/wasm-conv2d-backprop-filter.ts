import * as tf from '@tensorflow/tfjs';
import { simdKernels, type SimdKernels } from './simd/simd-kernels';
import {
  heapAddress,
  maxPatchFloats,
  patchGeometry,
  wasmKernelRunner,
  type ConvBackpropAttrs,
  type KernelArgs,
  type WasmHeapBackend,
} from './wasm-kernel-utils';

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, so no conv net can train on it.
 * The filter gradient is itself a convolution: with x padded as in the forward pass,
 *   dW[i, j, ci, co] = sum_{n, oh, ow} xPad[n, oh*s + i, ow*s + j, ci] * dy[n, oh, ow, co],
 * i.e. a 'valid' convolution of xPad transposed to [Cin, Hp, Wp, N] with dy transposed to
 * [Hout, Wout, N, Cout] as the filter, dilated by the forward stride. Its output
 * [Cin, >=kh, >=kw, Cout] is sliced to the filter size and transposed back. The unrolled
 * patches times dy below is usually faster (choosePath). The products run on the wasm
 * backend's own kernels (XNNPACK).
 */
type FilterGradPath = 'conv' | 'im2col';
let forcedPath: FilterGradPath | null = null;

/** Tests and benches: always take one path (null: choose by shape). */
export function forceFilterGradientPath(p: FilterGradPath | null): void {
  forcedPath = p;
}

/**
 * The convolution form transposes the whole input and dy first, and XNNPACK's convolution then
 * sees a kernel the size of the image. The unrolled patches times dy (one matrix product) is
 * faster for every shape the trainer's networks have when the patches are written by the SIMD
 * kernel (ms at batch 32, 2 threads, conv -> im2col: 128px 5x5/2 3->16 24.1 -> 10.3; 5x5/4
 * 3->24 19.9 -> 3.6; 32px 3x3/1 16->16 7.4 -> 5.0; 3x3/2 16->32 5.3 -> 1.9; 1x1/2 16->32
 * 4.2 -> 0.25; 4px 3x3/1 128->128 3.5 -> 2.4), up to a patch matrix of 32 Mi floats. Written
 * in JavaScript the patches pay off only for a strided stem on 1-3 channels (1 thread: 128px
 * 3x3/2 3->24 44 -> 15; 5x5/4 3->24 21 -> 10.5; but 3x3/1 24->32 7 -> 10).
 */
function choosePath(info: tf.backend_util.Conv2DInfo, simd: boolean): FilterGradPath {
  if (forcedPath) return forcedPath;
  const rows = info.filterHeight * info.filterWidth * info.inChannels;
  const cols = info.batchSize * info.outHeight * info.outWidth;
  if (simd) return rows * cols <= maxPatchFloats ? 'im2col' : 'conv';
  const strided = Math.max(info.strideHeight, info.strideWidth) >= 2;
  return strided && rows <= 100 && rows * cols <= maxPatchFloats ? 'im2col' : 'conv';
}

function viaConv(
  k: ReturnType<typeof wasmKernelRunner>,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { top, bottom, left, right } = info.padInfo;
  const xPad =
    top || bottom || left || right
      ? k.run(
          'PadV2',
          { x },
          {
            paddings: [
              [0, 0],
              [top, bottom],
              [left, right],
              [0, 0],
            ],
            constantValue: 0,
          },
        )
      : x;
  const xT = k.run('Transpose', { x: xPad }, { perm: [3, 1, 2, 0] });
  const dyT = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const full = k.run(
    'Conv2D',
    { x: xT, filter: dyT },
    {
      strides: [1, 1],
      pad: 'valid',
      dataFormat: 'NHWC',
      dilations: [info.strideHeight, info.strideWidth],
    },
  );
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const sliced = k.run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [cin, kh, kw, cout] });
  return k.run('Transpose', { x: sliced }, { perm: [1, 2, 0, 3] });
}

/**
 * dW as one product: the patches unrolled to P[(i, j, ci), (n, oh, ow)] (zero where the
 * padding is) times dy viewed as [(n, oh, ow), co] gives [kh, kw, Cin, Cout] directly.
 */
function viaIm2col(
  simd: SimdKernels | null,
  k: ReturnType<typeof wasmKernelRunner>,
  backend: unknown,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const heap = backend as WasmHeapBackend;
  const { batchSize: B, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: cout } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  const n = B * Ho * Wo;
  const colsInfo = heap.makeOutput([1, kh * kw * C, n], 'float32');
  k.adopt(colsInfo);
  if (simd) {
    simd.im2col_rows(heapAddress(backend, x), heapAddress(backend, colsInfo), ...patchGeometry(info));
  } else {
    im2colRows(heap, x, colsInfo, info);
  }
  const dy3 = k.run('Reshape', { x: dy }, { shape: [1, n, cout] });
  const dw = k.run('BatchMatMul', { a: colsInfo, b: dy3 }, { transposeA: false, transposeB: false });
  return k.run('Reshape', { x: dw }, { shape: [kh, kw, C, cout] });
}

/** viaIm2col's patches in JavaScript, where the SIMD kernels cannot run. */
function im2colRows(
  heap: WasmHeapBackend,
  x: tf.TensorInfo,
  colsInfo: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
) {
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const n = B * Ho * Wo;
  // Views after the allocation: growing the heap detaches earlier ones.
  const xs = heap.typedArrayFromHeap(x);
  const cols = heap.typedArrayFromHeap(colsInfo);
  // Output columns ow in [owFirst[j], owEnd[j]) read inside the image; the rest are padding.
  const owFirst = Array.from({ length: kw }, (_, j) => Math.min(Wo, Math.max(0, Math.ceil((left - j) / sw))));
  const owEnd = owFirst.map((first, j) => Math.max(first, Math.min(Wo, Math.ceil((W + left - j) / sw))));
  const step = sw * C;
  // Each source row is read while in cache for every (j, ci) it feeds.
  for (let i = 0; i < kh; i++) {
    for (let b = 0; b < B; b++) {
      for (let oh = 0; oh < Ho; oh++) {
        const r = oh * sh + i - top;
        const at = (b * Ho + oh) * Wo;
        for (let j = 0; j < kw; j++) {
          for (let ci = 0; ci < C; ci++) {
            const o = ((i * kw + j) * C + ci) * n + at;
            if (r < 0 || r >= H) {
              cols.fill(0, o, o + Wo);
              continue;
            }
            const first = owFirst[j];
            const end = owEnd[j];
            if (first > 0) cols.fill(0, o, o + first);
            if (end < Wo) cols.fill(0, o + end, o + Wo);
            let src = ((b * H + r) * W + first * sw + j - left) * C + ci;
            for (let d = o + first; d < o + end; d++, src += step) cols[d] = xs[src];
          }
        }
      }
    }
  }
}

function conv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as ConvBackpropAttrs & { filterShape: [number, number, number, number] };
  if (a.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    a.filterShape,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
    false,
    'channelsLast',
  );
  const k = wasmKernelRunner(backend);
  const simd = simdKernels(backend);
  const out =
    choosePath(info, simd !== null) === 'im2col' ? viaIm2col(simd, k, backend, x, dy, info) : viaConv(k, x, dy, info);
  k.disposeTemps(out);
  return out;
}

export const wasmConv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: 'Conv2DBackpropFilter',
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter,
};

/** Registers the kernel once; safe to call again. */
export function registerWasmConv2dBackpropFilter(): void {
  if (!tf.getKernel('Conv2DBackpropFilter', 'wasm')) tf.registerKernel(wasmConv2dBackpropFilterConfig);
}
