import { existsSync, readdirSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';

/**
 * The WebGPU rung: tfjs-backend-webgpu on Dawn (the `webgpu` npm package, which ships Dawn for
 * Node). It is chosen only when a real adapter is found and a small training step computes the
 * same gradients as the CPU backend; otherwise the ladder falls through to WASM.
 */

/** The part of the `webgpu` package the rung uses. */
export interface DawnModule {
  create(options: string[]): GpuLike;
  globals: Record<string, unknown>;
}

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

interface AdapterLike {
  info?: AdapterInfoLike;
}

interface GpuLike {
  requestAdapter(options?: { powerPreference?: 'high-performance' | 'low-power' }): Promise<AdapterLike | null>;
}

export interface WebGpuRungDeps {
  /** Whether the machine has a GPU device node at all (Dawn is not even loaded without one). */
  hasGpuDevice(): boolean;
  /** Loads Dawn; rejects when the package is not installed. */
  loadDawn(): Promise<DawnModule>;
  /** Loads tfjs-backend-webgpu, which registers 'webgpu' when navigator.gpu exists. */
  loadBackend(): Promise<void>;
  /** The backend to compare against (tests use another one). */
  referenceBackend: string;
  /**
   * Largest accepted difference, relative to each tensor's largest reference value. fp32 on a
   * GPU sums in another order than the CPU: an NVIDIA H200 differed by 1.1e-3 on this step.
   */
  tolerance: number;
}

/** Linux GPU device nodes: NVIDIA's, or a DRM render node (AMD, Intel). Elsewhere, let Dawn look. */
function hasGpuDeviceNode(): boolean {
  if (process.platform !== 'linux') return true;
  if (existsSync('/dev/nvidia0')) return true;
  try {
    return readdirSync('/dev/dri').some((n) => n.startsWith('renderD'));
  } catch {
    return false;
  }
}

export const defaultWebGpuDeps: WebGpuRungDeps = {
  hasGpuDevice: hasGpuDeviceNode,
  loadDawn: async () => (await import('webgpu')) as unknown as DawnModule,
  loadBackend: async () => {
    await import('@tensorflow/tfjs-backend-webgpu');
  },
  referenceBackend: 'cpu',
  tolerance: 1e-2,
};

export interface WebGpuChoice {
  adapter: string;
  gradientDifference: number;
}

/** Describes an adapter in one line, e.g. "nvidia nvidia-h200 (NVIDIA: 580.159.04)". */
export function describeAdapter(info: AdapterInfoLike | undefined): string {
  if (!info) return 'unknown adapter';
  return [info.vendor, info.device || info.architecture, info.description ? `(${info.description})` : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Sets up navigator.gpu from Dawn, checks for a real adapter, starts the webgpu backend and
 * verifies a training step against the reference backend. Leaves 'webgpu' as the active backend
 * when it returns; throws with a one-line reason otherwise.
 */
export async function tryWebGpu(deps: WebGpuRungDeps = defaultWebGpuDeps): Promise<WebGpuChoice> {
  if (!deps.hasGpuDevice()) throw new Error('no GPU device on this machine');
  let dawn: DawnModule;
  try {
    dawn = await deps.loadDawn();
  } catch {
    throw new Error('the webgpu package (Dawn) is not installed');
  }
  const scope = globalThis as unknown as { navigator?: { gpu?: GpuLike } };
  if (!scope.navigator?.gpu) {
    Object.assign(globalThis, dawn.globals);
    // Node 20 has no navigator; newer Node has one without gpu.
    if (scope.navigator) Object.defineProperty(scope.navigator, 'gpu', { value: dawn.create([]), configurable: true });
    else scope.navigator = { gpu: dawn.create([]) };
  }
  const adapter = await scope.navigator!.gpu!.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter) throw new Error('no WebGPU adapter (no GPU, or its driver has no usable Vulkan)');
  const adapterName = describeAdapter(adapter.info);
  await deps.loadBackend();
  if (!tf.findBackendFactory('webgpu')) throw new Error('tfjs-backend-webgpu did not register');
  if (!(await tf.setBackend('webgpu'))) throw new Error(`the webgpu backend did not start on ${adapterName}`);
  const gradientDifference = await compareTrainingStep('webgpu', deps.referenceBackend);
  if (!(gradientDifference <= deps.tolerance)) {
    throw new Error(
      `WebGPU gradients differ from the ${deps.referenceBackend} backend by ${gradientDifference.toExponential(2)} (tolerance ${deps.tolerance})`,
    );
  }
  await tf.setBackend('webgpu');
  return { adapter: adapterName, gradientDifference };
}

/** A fixed small problem: 3x3 conv + batch statistics + dense, softmax cross-entropy. */
function stepInputs() {
  const ramp = (shape: number[], scale: number) =>
    tf.tidy(() =>
      tf
        .sin(
          tf
            .range(
              0,
              shape.reduce((a, b) => a * b),
            )
            .mul(0.37),
        )
        .mul(scale)
        .reshape(shape),
    );
  return {
    x: ramp([4, 12, 12, 3], 1),
    kernel: ramp([3, 3, 3, 8], 0.3),
    dense: ramp([8, 4], 0.5),
    labels: tf.oneHot(tf.tensor1d([0, 1, 2, 3], 'int32'), 4),
  };
}

async function gradientsOn(backend: string): Promise<Float32Array[]> {
  if (!(await tf.setBackend(backend))) throw new Error(`the ${backend} backend did not start`);
  // Synchronous part in tidy: nothing but the loss and the gradients survives it.
  const tensors = tf.tidy(() => {
    const { x, kernel, dense, labels } = stepInputs();
    const f = (k: tf.Tensor4D, d: tf.Tensor2D) => {
      const conv = tf.conv2d(x as tf.Tensor4D, k, 1, 'same');
      const { mean, variance } = tf.moments(conv, [0, 1, 2]);
      const normed = tf.relu(conv.sub(mean).div(variance.add(1e-3).sqrt()));
      const pooled = tf.mean(normed, [1, 2]);
      return tf.losses.softmaxCrossEntropy(labels, tf.matMul(pooled as tf.Tensor2D, d));
    };
    const { value, grads } = tf.valueAndGrads(f as (...args: tf.Tensor[]) => tf.Tensor)([kernel, dense]);
    return [value, ...grads];
  });
  try {
    return await Promise.all(tensors.map((t) => t.data() as Promise<Float32Array>));
  } finally {
    tf.dispose(tensors);
  }
}

/**
 * Loss and gradients of one training step on two backends; returns, over the loss and each
 * gradient, the largest absolute difference relative to that tensor's largest reference magnitude.
 */
export async function compareTrainingStep(candidate: string, reference: string): Promise<number> {
  const a = await gradientsOn(candidate);
  const b = await gradientsOn(reference);
  let worst = 0;
  b.forEach((ref, i) => {
    let diff = 0;
    let scale = 1e-12;
    ref.forEach((v, j) => {
      diff = Math.max(diff, Math.abs(v - a[i][j]));
      scale = Math.max(scale, Math.abs(v));
    });
    worst = Math.max(worst, diff / scale);
  });
  return worst;
}
