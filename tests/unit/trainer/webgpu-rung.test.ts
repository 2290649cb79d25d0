import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  compareTrainingStep,
  defaultWebGpuDeps,
  describeAdapter,
  tryWebGpu,
  type DawnModule,
  type WebGpuRungDeps,
} from '@/trainer/backend/webgpu-rung';

/** A Dawn stand-in whose adapter is `adapter` (null: none found). */
function fakeDawn(adapter: { info?: Record<string, string> } | null): DawnModule {
  return { create: () => ({ requestAdapter: async () => adapter }), globals: {} };
}

/** Registers the CPU backend's kernels under the name 'webgpu': a stand-in that computes correctly. */
function registerCpuAsWebGpu(): void {
  tf.registerBackend('webgpu', () => tf.findBackend('cpu')!);
  for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'webgpu' });
}

interface CpuBackend {
  readSync(dataId: object): tf.TypedArray;
  disposeData(dataId: object): void;
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): tf.TensorInfo;
}

const scope = globalThis as unknown as { navigator?: unknown };
const originalNavigator = scope.navigator;

function deps(overrides: Partial<WebGpuRungDeps>): WebGpuRungDeps {
  return { ...defaultWebGpuDeps, hasGpuDevice: () => true, ...overrides };
}

afterEach(async () => {
  if (originalNavigator === undefined) delete scope.navigator;
  else scope.navigator = originalNavigator;
  if (tf.findBackendFactory('webgpu')) {
    for (const k of tf.getKernelsForBackend('webgpu')) tf.unregisterKernel(k.kernelName, 'webgpu');
    tf.removeBackend('webgpu');
  }
  await tf.setBackend('cpu');
});

describe('the WebGPU rung', () => {
  it('is skipped without loading Dawn on a machine with no GPU device', async () => {
    let loaded = false;
    const run = tryWebGpu(
      deps({
        hasGpuDevice: () => false,
        loadDawn: async () => {
          loaded = true;
          return fakeDawn(null);
        },
      }),
    );
    await expect(run).rejects.toThrow('no GPU device on this machine');
    expect(loaded).toBe(false);
  });

  it('falls through with a reason when Dawn is not installed or finds no adapter', async () => {
    await expect(
      tryWebGpu(deps({ loadDawn: () => Promise.reject(new Error("Cannot find package 'webgpu'")) })),
    ).rejects.toThrow('the webgpu package (Dawn) is not installed');
    await expect(tryWebGpu(deps({ loadDawn: async () => fakeDawn(null) }))).rejects.toThrow('no WebGPU adapter');
  });

  it('refuses a backend that did not register', async () => {
    const run = tryWebGpu(deps({ loadDawn: async () => fakeDawn({}), loadBackend: async () => {} }));
    await expect(run).rejects.toThrow('tfjs-backend-webgpu did not register');
  });

  it('is chosen when an adapter is found and a training step matches the reference', async () => {
    await tf.setBackend('cpu');
    const choice = await tryWebGpu(
      deps({
        loadDawn: async () =>
          fakeDawn({ info: { vendor: 'nvidia', device: 'nvidia-h200', description: 'NVIDIA: 580' } }),
        loadBackend: async () => registerCpuAsWebGpu(),
      }),
    );
    expect(choice).toEqual({ adapter: 'nvidia nvidia-h200 (NVIDIA: 580)', gradientDifference: 0 });
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('is refused when its gradients differ from the reference beyond the tolerance', async () => {
    await tf.setBackend('cpu');
    const run = tryWebGpu(
      deps({ loadDawn: async () => fakeDawn({}), loadBackend: async () => registerCpuAsWebGpu(), tolerance: -1 }),
    );
    await expect(run).rejects.toThrow(/WebGPU gradients differ from the cpu backend/);
  });
});

describe('compareTrainingStep', () => {
  it('finds no difference between a backend and itself, and leaves no tensors behind', async () => {
    await tf.setBackend('cpu');
    const before = tf.memory().numTensors;
    expect(await compareTrainingStep('cpu', 'cpu')).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('sees a wrong gradient kernel', async () => {
    await tf.setBackend('cpu');
    tf.registerBackend('webgpu', () => tf.findBackend('cpu')!);
    for (const k of tf.getKernelsForBackend('cpu')) {
      if (k.kernelName === 'Conv2DBackpropFilter') {
        // A filter gradient off by 1%: what a subtly broken GPU kernel would give.
        tf.registerKernel({
          ...k,
          backendName: 'webgpu',
          kernelFunc: (args) => {
            const backend = args.backend as unknown as CpuBackend;
            const out = k.kernelFunc(args) as tf.TensorInfo;
            const values = (backend.readSync(out.dataId) as Float32Array).map((v) => v * 1.01);
            backend.disposeData(out.dataId);
            return backend.makeTensorInfo(out.shape, out.dtype, values);
          },
        });
      } else tf.registerKernel({ ...k, backendName: 'webgpu' });
    }
    expect(await compareTrainingStep('webgpu', 'cpu')).toBeGreaterThan(1e-3);
  });
});

describe('describeAdapter', () => {
  it('names vendor, device and driver', () => {
    expect(describeAdapter({ vendor: 'nvidia', device: 'nvidia-h200', description: 'NVIDIA: 580.159.04' })).toBe(
      'nvidia nvidia-h200 (NVIDIA: 580.159.04)',
    );
    expect(describeAdapter(undefined)).toBe('unknown adapter');
  });
});
