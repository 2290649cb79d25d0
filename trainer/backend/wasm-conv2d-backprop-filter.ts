import * as tf from '@tensorflow/tfjs';
import { wasmKernelRunner, type ConvBackpropAttrs, type KernelArgs } from './wasm-kernel-utils';

/**
 * tfjs-backend-wasm 4.22 has no Conv2DBackpropFilter, so no conv net can train on it.
 * The filter gradient is itself a convolution: with x padded as in the forward pass,
 *   dW[i, j, ci, co] = sum_{n, oh, ow} xPad[n, oh*s + i, ow*s + j, ci] * dy[n, oh, ow, co],
 * i.e. a 'valid' convolution of xPad transposed to [Cin, Hp, Wp, N] with dy transposed to
 * [Hout, Wout, N, Cout] as the filter, dilated by the forward stride. Its output
 * [Cin, >=kh, >=kw, Cout] is sliced to the filter size and transposed back.
 * Everything runs on the wasm backend's own kernels (XNNPACK), so it is fast.
 */
function conv2dBackpropFilter({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const a = attrs as unknown as ConvBackpropAttrs & { filterShape: [number, number, number, number] };
  if (a.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number], a.filterShape, a.strides, 1, a.pad, a.dimRoundingMode, false, 'channelsLast',
  );
  const k = wasmKernelRunner(backend);
  const { top, bottom, left, right } = info.padInfo;
  const xPad = top || bottom || left || right
    ? k.run('PadV2', { x }, { paddings: [[0, 0], [top, bottom], [left, right], [0, 0]], constantValue: 0 })
    : x;
  const xT = k.run('Transpose', { x: xPad }, { perm: [3, 1, 2, 0] });
  const dyT = k.run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] });
  const full = k.run('Conv2D', { x: xT, filter: dyT }, {
    strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [info.strideHeight, info.strideWidth],
  });
  const [kh, kw, cin, cout] = a.filterShape;
  const sliced = k.run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [cin, kh, kw, cout] });
  const out = k.run('Transpose', { x: sliced }, { perm: [1, 2, 0, 3] });
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
