import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfigInput } from '@/lib/models/configs';
import { createLogger } from '@/server/logger';
import { chooseBackend, type BackendChoice } from '@/trainer/backend/choose-backend';
import { WasmAllocationError, guardWasmAllocations, wasmHeapBytes, wasmModule } from '@/trainer/backend/wasm-memory';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildFoldedBackbone } from '@/trainer/resnet50/pooled-features';
import { resnet50WeightsFor } from '@/trainer/resnet50/weights';
import { trainModel } from '@/trainer/train/train-model';
import { tinyDataset } from './fixtures';

let backend: BackendChoice;

const registeredVariables = () => Object.keys(tf.engine().registeredVariables).length;
const census = () => ({ tensors: tf.memory().numTensors, variables: registeredVariables(), heap: wasmHeapBytes() });

const kinds: [string, ModelConfigInput][] = [
  ['cnn', { kind: 'cnn', variant: 'fast' }],
  ['resnet', { kind: 'resnet', variant: 'resnet10' }],
  ['resnet50 frozen', { kind: 'resnet50', variant: 'frozen' }],
  ['resnet50 fine-tuned', { kind: 'resnet50' }],
];

describe('a training call leaves memory where it found it', () => {
  beforeAll(async () => {
    backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it.each(kinds)(
    '%s: tensors, variables and the WASM heap are unchanged after a warm-up call',
    async (_, config) => {
      const data = tinyDataset({ count: 24, size: 32, seed: 4 });
      const dataset = { labels: ['square', 'disk'], train: data.slice(0, 16), test: data.slice(16) };
      const featureCache = memoryFeatureCache();
      const train = async (warmStart?: tf.LayersModel) =>
        trainModel(dataset, {
          backend,
          featureCache,
          warmStart,
          config: {
            ...config,
            preprocessing: { imageSize: 32 },
            training: { epochs: 1, batchSize: 8, patience: 5, seed: 1, fineTune: { epochs: 1, learningRate: 1e-4 } },
          } as ModelConfigInput,
        });
      // The loop's pattern: each round warm-starts from the last version, which is then released.
      let last = await train();
      const round = async () => {
        const next = await train(last.model);
        last.model.dispose();
        last = next;
      };
      // Warm-up: the ResNet50 weights (kept for the process) and the heap's growth to its peak
      // (warm-started rounds hold two models at once; the allocator settles after a round or two).
      await round();
      await round();
      const before = census();
      await round();
      await round();
      expect(census()).toEqual(before);
      last.model.dispose();
    },
    600_000,
  );

  it('the folded backbone releases every weight it made', async () => {
    const weights = await resnet50WeightsFor(undefined);
    const before = census();
    for (let i = 0; i < 2; i++) buildFoldedBackbone(weights, 32).dispose();
    expect(census()).toEqual(before);
  }, 300_000);
});

describe('a WASM allocation that cannot be met', () => {
  it('throws instead of handing out address 0', () => {
    const fake = { _malloc: (bytes: number) => (bytes > 1024 ? 0 : 8) };
    guardWasmAllocations(fake);
    expect(fake._malloc(16)).toBe(8);
    expect(() => fake._malloc(2048)).toThrow(WasmAllocationError);
  });

  it('throws on the real backend when the heap cannot grow that far', async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    const module = wasmModule()! as ReturnType<typeof wasmModule> & { _free(at: number): void };
    // Blocks of 256 MiB until the 4 GiB heap is full: the one that does not fit must throw.
    const blocks: number[] = [];
    let failure: unknown;
    try {
      for (let i = 0; i < 17; i++) blocks.push(module._malloc(256 * 2 ** 20));
    } catch (e) {
      failure = e;
    } finally {
      blocks.forEach((at) => module._free(at));
    }
    expect(failure).toBeInstanceOf(WasmAllocationError);
    expect((failure as Error).message).toMatch(/WASM could not allocate 256\.0 MiB/);
    // The backend still works afterwards.
    expect(tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]).toBe(3);
  });
});
