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
 * tfjs-backend-wasm's Conv2DBackpropInput is a single-threaded scalar loop (a few GFLOP/s),
 * slower than the whole forward pass. The input gradient is the forward convolution of dy
 * (dilated by the stride) with the filter rotated 180 degrees and its channels swapped, padded
 * so that the output has the input's size; that runs on XNNPACK with all threads.
 */
function makeKernel(original: tf.KernelFunc): tf.KernelFunc {
  return (args: KernelArgs) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const a = attrs as unknown as ConvBackpropAttrs & { inputShape: [number, number, number, number] };
    const [kh, kw] = filter.shape;
    const info = tf.backend_util.computeConv2DInfo(
      a.inputShape,
      filter.shape as [number, number, number, number],
      a.strides,
      1,
      a.pad,
      a.dimRoundingMode,
      false,
      'channelsLast',
    );
    const [n, ho, wo, cout] = dy.shape;
    const [sh, sw] = [info.strideHeight, info.strideWidth];
    const hd = (ho - 1) * sh + 1;
    const wd = (wo - 1) * sw + 1;
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const pads = [top, a.inputShape[1] - hd - top + kh - 1, left, a.inputShape[2] - wd - left + kw - 1];
    if (a.dataFormat === 'NCHW' || pads.some((p) => p < 0)) return original(args);

    const k = wasmKernelRunner(backend);
    const simd = simdKernels(backend);
    // Stride 1 has no zeros to skip: there the convolution form measured faster.
    const patches = n * ho * wo * kh * kw * info.inChannels;
    if (simd && (sh > 1 || sw > 1) && patches <= maxPatchFloats) {
      const out = viaCol2im(simd, k, backend, dy, filter, info);
      k.disposeTemps(out);
      return out;
    }
    const flipped = flipFilter(simd, k, backend, filter);
    let dilated = dy;
    if (sh > 1 || sw > 1) {
      const spread = k.run('Reshape', { x: dy }, { shape: [n, ho, 1, wo, 1, cout] });
      const padded = k.run(
        'PadV2',
        { x: spread },
        {
          paddings: [
            [0, 0],
            [0, 0],
            [0, sh - 1],
            [0, 0],
            [0, sw - 1],
            [0, 0],
          ],
          constantValue: 0,
        },
      );
      const flat = k.run('Reshape', { x: padded }, { shape: [n, ho * sh, wo * sw, cout] });
      dilated = k.run('Slice', { x: flat }, { begin: [0, 0, 0, 0], size: [n, hd, wd, cout] });
    }
    const out = k.run(
      'Conv2D',
      { x: dilated, filter: flipped },
      {
        strides: [1, 1],
        dilations: [1, 1],
        dataFormat: 'NHWC',
        pad: [
          [0, 0],
          [pads[0], pads[1]],
          [pads[2], pads[3]],
          [0, 0],
        ],
      },
    );
    k.disposeTemps(out);
    return out;
  };
}

/**
 * The filter rotated 180 degrees with its channels swapped. tfjs' Reverse and Transpose took
 * 3.7 ms for a 3x3x64x128 filter, more than the convolution that follows; the SIMD module's
 * loop is one pass.
 */
function flipFilter(
  simd: SimdKernels | null,
  k: ReturnType<typeof wasmKernelRunner>,
  backend: unknown,
  filter: tf.TensorInfo,
): tf.TensorInfo {
  const [kh, kw, cin, cout] = filter.shape;
  if (!simd) {
    return k.run('Transpose', { x: k.run('Reverse', { x: filter }, { dims: [0, 1] }) }, { perm: [0, 1, 3, 2] });
  }
  const heap = backend as WasmHeapBackend;
  const out = heap.makeOutput([kh, kw, cout, cin], 'float32');
  k.adopt(out);
  simd.flip_filter(heapAddress(backend, filter), heapAddress(backend, out), kh, kw, cin, cout);
  return out;
}

/**
 * A strided convolution's input gradient without dilating dy: its convolution form reads dy
 * spread with zeros (stride 2: 4x the products). Here each output pixel's dy times the filter,
 * transposed, is one matrix product, [pixels, Cout] x [Cout, kh * kw * Cin], and the SIMD
 * module adds each row's pieces into dx where the forward window read them.
 */
function viaCol2im(
  simd: SimdKernels,
  k: ReturnType<typeof wasmKernelRunner>,
  backend: unknown,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const heap = backend as WasmHeapBackend;
  const { batchSize: B, inHeight: H, inWidth: W, inChannels: C, outHeight: Ho, outWidth: Wo, outChannels: cout } = info;
  const { filterHeight: kh, filterWidth: kw } = info;
  const at = (t: tf.TensorInfo) => heapAddress(backend, t);
  // The filter as [Cout, kh * kw * Cin]: tfjs' product with a transposed operand is far slower.
  const wT = heap.makeOutput([1, cout, kh * kw * C], 'float32');
  k.adopt(wT);
  simd.transpose(at(filter), at(wT), kh * kw * C, cout);
  const dy3 = k.run('Reshape', { x: dy }, { shape: [1, B * Ho * Wo, cout] });
  const cols = k.run('BatchMatMul', { a: dy3, b: wT }, { transposeA: false, transposeB: false });
  const dx = heap.makeOutput([B, H, W, C], 'float32');
  heap.typedArrayFromHeap(dx).fill(0);
  simd.col2im_add(at(cols), at(dx), ...patchGeometry(info));
  return dx;
}

let registered = false;

/** Replaces the wasm kernel (keeping the original for layouts it cannot take); idempotent. */
export function registerWasmConv2dBackpropInput(): void {
  if (registered) return;
  const original = tf.getKernel('Conv2DBackpropInput', 'wasm');
  if (!original) return;
  tf.unregisterKernel('Conv2DBackpropInput', 'wasm');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'wasm',
    kernelFunc: makeKernel(original.kernelFunc),
  });
  registered = true;
}
