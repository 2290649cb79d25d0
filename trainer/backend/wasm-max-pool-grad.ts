import * as tf from '@tensorflow/tfjs';
import { simdKernels } from './simd/simd-kernels';
import { heapAddress, inOutGeometry, type KernelArgs, type WasmHeapBackend } from './wasm-kernel-utils';

interface MaxPoolGradAttrs {
  filterSize: [number, number] | number;
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * tfjs-backend-wasm 4.22's MaxPoolGrad starts each window's max at FLT_MIN (the smallest
 * positive float, not the lowest) at flat position 0: a window whose values are all <= 0 sends
 * its gradient to element 0 of the batch or loses it (a BN output before pooling has many), and
 * ties go to the last max. This is TF's and the cpu backend's rule instead: the gradient goes to
 * the first maximum of the window in scan order: the first element equal to the forward pass's
 * output. One pass over dy, reading the wasm heap in place: the SIMD kernel (kernels.c) where
 * it loads, else the loop below.
 */
function maxPoolGrad({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { dy, input, output } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo; output: tf.TensorInfo };
  const a = attrs as unknown as MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    a.filterSize,
    a.strides,
    1,
    a.pad,
    a.dimRoundingMode,
  );
  const heap = backend as unknown as WasmHeapBackend;
  const dxInfo = heap.makeOutput(input.shape, 'float32');
  const simd = simdKernels(backend);
  if (simd) {
    const dx = heap.typedArrayFromHeap(dxInfo).fill(0);
    const ptr = (t: tf.TensorInfo) => heapAddress(backend, t);
    simd.max_pool_grad(
      ptr(input),
      ptr(output),
      ptr(dy),
      dx.byteOffset,
      ...inOutGeometry(info),
      info.strideHeight,
      info.strideWidth,
      info.effectiveFilterHeight,
      info.effectiveFilterWidth,
      info.dilationHeight,
      info.dilationWidth,
      info.padInfo.top,
      info.padInfo.left,
    );
    return dxInfo;
  }
  // Views after the allocation: growing the heap detaches earlier ones.
  const xs = heap.typedArrayFromHeap(input);
  const ys = heap.typedArrayFromHeap(output);
  const dyv = heap.typedArrayFromHeap(dy);
  const dx = heap.typedArrayFromHeap(dxInfo).fill(0);
  const { batchSize, inHeight: H, inWidth: W, inChannels: C, outHeight, outWidth, strideHeight, strideWidth } = info;
  const { effectiveFilterHeight: fh, effectiveFilterWidth: fw, dilationHeight: dh, dilationWidth: dw } = info;
  const { top, left } = info.padInfo;
  // Each window's maximum is the forward pass's output: scan the window in order (rows, then
  // columns) for the first element equal to it. Per channel, with the window in locals.
  let o = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      const r0 = yR * strideHeight - top;
      let rMin = r0;
      while (rMin < 0) rMin += dh;
      const rMax = Math.min(H, r0 + fh);
      for (let yC = 0; yC < outWidth; yC++) {
        const c0 = yC * strideWidth - left;
        let cMin = c0;
        while (cMin < 0) cMin += dw;
        const cMax = Math.min(W, c0 + fw);
        const first = ((b * H + rMin) * W + cMin) * C;
        for (let d = 0; d < C; d++, o++) {
          const target = ys[o];
          let at = -1;
          scan: for (let r = rMin, row = first + d; r < rMax; r += dh, row += dh * W * C) {
            for (let c = cMin, i = row; c < cMax; c += dw, i += dw * C) {
              if (xs[i] === target) {
                at = i;
                break scan;
              }
            }
          }
          if (at >= 0) dx[at] += dyv[o];
        }
      }
    }
  }
  return dxInfo;
}

/** Replaces the wasm MaxPoolGrad; idempotent. */
export function registerWasmMaxPoolGrad(): void {
  const current = tf.getKernel('MaxPoolGrad', 'wasm');
  if (current?.kernelFunc === maxPoolGrad) return;
  if (current) tf.unregisterKernel('MaxPoolGrad', 'wasm');
  tf.registerKernel({ kernelName: 'MaxPoolGrad', backendName: 'wasm', kernelFunc: maxPoolGrad });
}
