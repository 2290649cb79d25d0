import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { assignWeightsByName } from '@/trainer/models/named-weights';
import { buildFeatureHead } from '@/trainer/models/resnet50';
import { readH5WeightMap } from '@/trainer/resnet50/h5-weights';
import { toKeras22Names } from '@/trainer/resnet50/weights';

describe('Keras .h5 weights through h5wasm', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('reads layer_names / weight_names as Keras writes them and loads them by name', async () => {
    const h5wasm = (await import('h5wasm/node')).default;
    await h5wasm.ready;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'neuroloop-h5-'));
    const file = path.join(dir, 'weights.h5');
    const kernel = Float32Array.from({ length: 4 * 3 }, (_, i) => i / 10);
    const bias = Float32Array.from([0.5, -0.5, 1]);
    const f = new h5wasm.File(file, 'w');
    const root = f.create_group('model_weights');
    root.create_attribute('layer_names', ['logits']);
    const g = root.create_group('logits');
    g.create_attribute('weight_names', ['logits/kernel:0', 'logits/bias:0']);
    const inner = g.create_group('logits');
    inner.create_dataset({ name: 'kernel:0', data: kernel, shape: [4, 3] });
    inner.create_dataset({ name: 'bias:0', data: bias, shape: [3] });
    f.close();

    const map = await readH5WeightMap(file);
    expect(Object.keys(map).sort()).toEqual(['logits/bias', 'logits/kernel']);
    const head = buildFeatureHead({ features: 4, classCount: 3, dropout: 0 });
    expect(assignWeightsByName(head, map).assigned).toEqual(['logits']);
    const [k, b] = head.getLayer('logits').getWeights();
    expect(Array.from(k.dataSync())).toEqual(Array.from(kernel));
    expect(Array.from(b.dataSync())).toEqual(Array.from(bias));
    head.dispose();
    tf.dispose(Object.values(map));
    await fs.rm(dir, { recursive: true, force: true });
  });
});

describe('tf.keras (TF 2) ResNet50 layer names', () => {
  it('map onto the Keras 2.2 names the builder uses', () => {
    const t = tf.scalar(1);
    const names = Object.keys(
      toKeras22Names({
        'conv1_conv/kernel': t,
        'conv1_bn/gamma': t,
        'conv2_block1_0_conv/bias': t,
        'conv3_block4_3_bn/moving_mean': t,
        'conv5_block3_2_conv/kernel': t,
        'res2a_branch2a/kernel': t,
      }),
    );
    expect(names).toEqual([
      'conv1/kernel',
      'bn_conv1/gamma',
      'res2a_branch1/bias',
      'bn3d_branch2c/moving_mean',
      'res5c_branch2b/kernel',
      'res2a_branch2a/kernel',
    ]);
    t.dispose();
  });
});
