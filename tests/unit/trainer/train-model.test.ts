import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelCardSchema } from '@/lib/models/model-card';
import { createLogger } from '@/server/logger';
import { chooseBackend, type BackendChoice } from '@/trainer/backend/choose-backend';
import { buildCnn } from '@/trainer/models/cnn';
import { buildResNet } from '@/trainer/models/resnet';
import { trainModel } from '@/trainer/train/train-model';
import type { TrainingProgress } from '@/trainer/train/types';
import { tinyDataset } from './fixtures';

let backend: BackendChoice;

describe.each(['cnn', 'resnet'] as const)('%s trained from scratch on tiny images', (kind) => {
  beforeAll(async () => {
    backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('loss falls, tensor memory is stable across epochs, and every metric is reported', async () => {
    const data = tinyDataset({ count: 64, size: 32, seed: 1 });
    const progress: TrainingProgress[] = [];
    const before = tf.memory().numTensors;
    const trained = await trainModel(
      { labels: ['square', 'disk'], train: data.slice(0, 48), test: data.slice(48) },
      {
        backend,
        config: {
          kind,
          variant: kind === 'cnn' ? 'fast' : 'resnet10',
          preprocessing: { imageSize: 32 },
          training: { epochs: 5, batchSize: 16, learningRate: 3e-3, patience: 10, seed: 3 },
        },
      },
      (p) => progress.push(p),
    );
    const losses = trained.history.map((h) => h.loss);
    expect(losses).toHaveLength(5);
    expect(losses[losses.length - 1]).toBeLessThan(losses[0]);
    // Nothing leaks: the same number of tensors after every epoch.
    expect(new Set(trained.history.map((h) => h.numTensors)).size).toBe(1);
    expect(progress[0]).toMatchObject({ kind, phase: 'train', epoch: 1, epochs: 5, batch: 1 });
    expect(progress.some((p) => p.metrics.valLoss !== undefined)).toBe(true);
    expect(modelCardSchema.parse(JSON.parse(JSON.stringify(trained.card)))).toEqual(trained.card);
    expect(trained.card.preprocessing).toEqual({
      imageSize: 32,
      inputMode: 'grey',
      channels: 1,
      normalisation: 'per-modality-v1',
    });
    expect(trained.metrics.test?.count).toBe(16);
    expect(trained.card.backend).toBe('wasm');
    trained.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is reproducible: the same seed gives the same losses', async () => {
    const data = tinyDataset({ count: 24, size: 32, seed: 2 });
    const run = async () => {
      const t = await trainModel(
        { labels: ['square', 'disk'], train: data },
        {
          backend,
          config: { kind, preprocessing: { imageSize: 32 }, training: { epochs: 2, batchSize: 8, seed: 11 } },
        },
      );
      t.model.dispose();
      return t.history.map((h) => h.loss);
    };
    const a = await run();
    const b = await run();
    a.forEach((v, i) => expect(v).toBeCloseTo(b[i], 4));
  });
});

describe('warm start', () => {
  it("starts from the given model's weights (matched by layer name)", async () => {
    const data = tinyDataset({ count: 32, size: 32, seed: 6 });
    const config = {
      kind: 'cnn' as const,
      preprocessing: { imageSize: 32 },
      training: { epochs: 4, batchSize: 8, learningRate: 3e-3, seed: 1 },
    };
    const firstLoss = async (warmStart?: tf.LayersModel) => {
      let loss = NaN;
      const t = await trainModel(
        { labels: ['square', 'disk'], train: data },
        { backend, config: { ...config, training: { ...config.training, epochs: 1 } }, warmStart },
        (p) => {
          if (Number.isNaN(loss)) loss = p.loss;
        },
      );
      t.model.dispose();
      return loss;
    };
    const trained = await trainModel({ labels: ['square', 'disk'], train: data }, { backend, config });
    expect(await firstLoss(trained.model)).toBeLessThan(await firstLoss());
    trained.model.dispose();
  });

  it('trains at most warmStartEpochs epochs, and the full schedule without a warm start', async () => {
    const data = tinyDataset({ count: 32, size: 32, seed: 7 });
    const config = {
      kind: 'cnn' as const,
      preprocessing: { imageSize: 32 },
      training: { epochs: 5, patience: 10, warmStartEpochs: 2, batchSize: 8, learningRate: 3e-3, seed: 1 },
    };
    const cold = await trainModel({ labels: ['square', 'disk'], train: data }, { backend, config });
    expect(cold.history).toHaveLength(5);
    const warm = await trainModel(
      { labels: ['square', 'disk'], train: data },
      { backend, config, warmStart: cold.model },
    );
    expect(warm.history).toHaveLength(2);
    cold.model.dispose();
    warm.model.dispose();
  });
});

describe('layer names are Keras-compatible', () => {
  it('cnn and resnet use conv1/bn_conv1, blockN_convK and resN{a,b}_branch names, and the shared head', () => {
    const cnn = buildCnn({
      inputShape: [32, 32, 1],
      classCount: 3,
      dropout: 0.2,
      architecture: { stemFilters: 8, stemKernel: 3, stemStride: 2, stages: [8, 16], convsPerStage: 2 },
    });
    expect(cnn.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining([
        'conv1',
        'bn_conv1',
        'block1_conv2',
        'block2_pool',
        'avg_pool',
        'head_dropout',
        'logits',
      ]),
    );
    const resnet = buildResNet({
      inputShape: [32, 32, 3],
      classCount: 2,
      dropout: 0.2,
      architecture: { blocks: [1, 2], width: 8, stemKernel: 3, stemStride: 1, stemPool: false },
    });
    expect(resnet.layers.map((l) => l.name)).toEqual(
      expect.arrayContaining([
        'conv1',
        'res2a_branch2a',
        'bn2a_branch2b',
        'res3a_branch1',
        'res3b_branch2b',
        'add_2',
        'avg_pool',
        'logits',
      ]),
    );
    tf.dispose([cnn, resnet].flatMap((m) => m.weights.map((w) => w.read())));
  });
});
