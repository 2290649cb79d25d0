import * as tf from '@tensorflow/tfjs';

export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** What a kernel that computes in JS needs of the wasm backend: outputs on its heap, and views of them. */
export interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A view of the tensor's memory; growing the heap (makeOutput) detaches earlier views. */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

/** Attributes of Conv2DBackpropFilter / Conv2DBackpropInput (tfjs-core kernel_names). */
export interface ConvBackpropAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/**
 * Composes wasm kernels inside a kernel: run() calls a registered wasm kernel directly (no
 * engine, no tape) and remembers its output; disposeTemps() frees all but what is returned.
 */
export function wasmKernelRunner(backend: unknown) {
  const temps: tf.TensorInfo[] = [];
  return {
    run(name: string, inputs: Record<string, tf.TensorInfo>, attrs: object = {}): tf.TensorInfo {
      const out = tf
        .getKernel(name, 'wasm')!
        .kernelFunc({ inputs, backend: backend as tf.KernelBackend, attrs: attrs as tf.NamedAttrMap }) as tf.TensorInfo;
      temps.push(out);
      return out;
    },
    /** Tracks an output made by hand (backend.makeOutput) like run()'s. */
    adopt(t: tf.TensorInfo): void {
      temps.push(t);
    },
    disposeTemps(keep: tf.TensorInfo): void {
      for (const t of temps) if (t !== keep) (backend as tf.KernelBackend).disposeData(t.dataId);
    },
  };
}

/** A tensor's byte offset in the wasm heap: the pointer the SIMD kernels take. */
export function heapAddress(backend: unknown, t: tf.TensorInfo): number {
  return (backend as WasmHeapBackend).typedArrayFromHeap(t).byteOffset;
}

/**
 * The largest patch matrix, in floats, that a gradient computed from patches allocates (128 MiB);
 * past it the convolution form runs.
 */
export const maxPatchFloats = 32 * 2 ** 20;

/** A convolution's or a pooling's input and output shape, as the SIMD kernels take it first: batch, H, W, C, outH, outW. */
export function inOutGeometry(info: {
  batchSize: number;
  inHeight: number;
  inWidth: number;
  inChannels: number;
  outHeight: number;
  outWidth: number;
}): number[] {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
}

/**
 * A convolution's geometry in the order the SIMD module's patch kernels take it (kernels.c,
 * im2col_rows): batch, H, W, Cin, outH, outW, kh, kw, strideH, strideW, padTop, padLeft.
 */
export function patchGeometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [
    ...inOutGeometry(info),
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.padInfo.top,
    info.padInfo.left,
  ];
}
