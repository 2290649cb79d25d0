import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveModelConfig, type ModelConfig } from '@/lib/models/configs';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { gradCam } from '@/trainer/explain/grad-cam';
import { gradCamFineLayerName, gradCamLayerName, resolveGradCamLayer } from '@/trainer/explain/target-layers';
import { buildCnn } from '@/trainer/models/cnn';
import { buildResNet } from '@/trainer/models/resnet';
import { buildResNet50 } from '@/trainer/models/resnet50';
import { identityFeatureModel, peakOf } from './fixtures';

beforeAll(async () => {
  await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
});

const disposeModel = (m: tf.LayersModel) => m.dispose();

/** Two 16x16 channels: channel 0 bright in the top-right quadrant (4x4), channel 1 in the bottom-left (4x5: more evidence). */
function twoBlobs(): tf.Tensor4D {
  const size = 16;
  const data = new Float32Array(size * size * 2);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 2;
      data[i] = y >= 2 && y < 6 && x >= 10 && x < 14 ? 1 : 0.05;
      data[i + 1] = y >= 10 && y < 14 && x >= 2 && x < 7 ? 1 : 0.05;
    }
  }
  return tf.tensor4d(data, [1, size, size, 2]);
}

describe('Grad-CAM on hand-built models with a known answer', () => {
  it('follows the class: class 0 reads channel 0 (top right), class 1 channel 1 (bottom left)', () => {
    const model = identityFeatureModel({
      size: 16,
      channels: 2,
      featuresName: 'features',
      logitWeights: [
        [1, -1],
        [-1, 1],
      ],
    });
    const x = twoBlobs();
    const before = tf.memory().numTensors;
    const c0 = gradCam(model, x, { layerName: 'features', classIndex: 0 });
    const c1 = gradCam(model, x, { layerName: 'features', classIndex: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect([c0.cam.width, c0.cam.height]).toEqual([16, 16]);
    const p0 = peakOf(c0.cam.values, 16);
    const p1 = peakOf(c1.cam.values, 16);
    expect(p0.x >= 10 && p0.x < 14 && p0.y >= 2 && p0.y < 6).toBe(true);
    expect(p1.x >= 2 && p1.x < 7 && p1.y >= 10 && p1.y < 14).toBe(true);
    // ReLU(sum_k alpha_k A_k) with alpha = W[:, c] / 256: zero where the other class's evidence is.
    expect(c0.cam.values[p1.index]).toBe(0);
    expect(c1.cam.values[p0.index]).toBe(0);
    expect(c0.cam.values[p0.index]).toBeCloseTo((1 - 0.05) / 256, 6);
    // Without a class, the predicted one (channel 1 has the larger blob).
    expect(c1.logits[1]).toBeGreaterThan(c1.logits[0]);
    expect(gradCam(model, x, { layerName: 'features' }).classIndex).toBe(1);
    x.dispose();
    disposeModel(model);
  });

  it('differentiates through layers after the explained one (conv, crop, pooling) like an independently built head', () => {
    const input = tf.input({ shape: [12, 12, 3] });
    const features = tf.layers
      .conv2d({
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotNormal({ seed: 1 }),
        name: 'features',
      })
      .apply(input) as tf.SymbolicTensor;
    const later = [
      tf.layers.conv2d({
        filters: 5,
        kernelSize: 3,
        padding: 'same',
        activation: 'tanh',
        kernelInitializer: tf.initializers.glorotNormal({ seed: 2 }),
        name: 'head_conv',
      }),
      tf.layers.cropping2D({
        cropping: [
          [0, 6],
          [0, 6],
        ],
        name: 'top_left',
      }),
      tf.layers.globalAveragePooling2d({ name: 'avg_pool' }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotNormal({ seed: 3 }), name: 'logits' }),
    ];
    const output = later.reduce((t, layer) => layer.apply(t) as tf.SymbolicTensor, features);
    const model = tf.model({ inputs: input, outputs: output });
    const x = tf.randomUniform([1, 12, 12, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
    const ours = gradCam(model, x, { layerName: 'features', classIndex: 2 });
    const reference = tf.tidy(() => {
      // The head as its own model on the same layer objects (shared weights).
      const headInput = tf.input({ shape: [12, 12, 4] });
      const head = tf.model({
        inputs: headInput,
        outputs: later.reduce((t, layer) => layer.apply(t) as tf.SymbolicTensor, headInput),
      });
      const a = tf.model({ inputs: input, outputs: features }).predict(x) as tf.Tensor4D;
      const g = tf.grad((t: tf.Tensor) => (head.predict(t) as tf.Tensor).slice([0, 2], [1, 1]).sum())(a);
      return tf.relu(a.mul(g.mean([1, 2]).reshape([1, 1, 1, 4])).sum(-1)).dataSync() as Float32Array;
    });
    expect(Math.max(...reference)).toBeGreaterThan(0);
    ours.cam.values.forEach((v, i) => expect(v).toBeCloseTo(reference[i], 6));
    x.dispose();
    disposeModel(model);
  });
});

interface Family {
  kind: ModelConfig['kind'];
  size: number;
  build(config: ModelConfig): tf.LayersModel;
  config: ModelConfig;
}

const tinyCnn = { stemFilters: 8, stemKernel: 3, stemStride: 2, stages: [8, 16], convsPerStage: 2 };
const tinyResnet = { blocks: [1, 2], width: 8, stemKernel: 3, stemStride: 1, stemPool: false };
const families: Family[] = [
  {
    kind: 'cnn',
    size: 32,
    config: resolveModelConfig({ kind: 'cnn', architecture: tinyCnn, preprocessing: { imageSize: 32 } }),
    build: (c) =>
      buildCnn({
        inputShape: [32, 32, 3],
        classCount: 3,
        dropout: 0.2,
        architecture: c.architecture as typeof tinyCnn,
        seed: 4,
      }),
  },
  {
    kind: 'resnet',
    size: 32,
    config: resolveModelConfig({ kind: 'resnet', architecture: tinyResnet, preprocessing: { imageSize: 32 } }),
    build: (c) =>
      buildResNet({
        inputShape: [32, 32, 3],
        classCount: 3,
        dropout: 0.2,
        architecture: c.architecture as typeof tinyResnet,
        seed: 4,
      }),
  },
  {
    kind: 'resnet50',
    size: 64,
    config: resolveModelConfig({ kind: 'resnet50', variant: 'finetune', preprocessing: { imageSize: 64 } }),
    build: () => buildResNet50({ inputSize: 64, classCount: 3, dropout: 0.5, seed: 4 }),
  },
];

describe.each(families)('Grad-CAM on the $kind builder', ({ kind, size, build, config }) => {
  it('explains the last convolutional stage (the table picks the layer avg_pool pools), equal to CAM for a pooled head, with no tensor left behind', async () => {
    const model = build(config);
    const layerName = gradCamLayerName(config);
    const pooled = model.getLayer('avg_pool').input as tf.SymbolicTensor;
    expect(pooled.sourceLayer.name).toBe(layerName);
    expect(resolveGradCamLayer(model, config, 'avg_pool')).toBe(layerName);
    if (kind === 'resnet50') expect(layerName).toBe('activation_48');

    const x = tf.randomUniform([1, size, size, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const result = gradCam(model, x, { layerName, classIndex: 1 });
    expect(tf.memory().numTensors).toBe(before);

    // With global average pooling then a dense layer, d logit_c / d A_ijk = W_kc / (h w): Grad-CAM is CAM.
    const expected = tf.tidy(() => {
      const a = tf.model({ inputs: model.inputs, outputs: pooled }).predict(x) as tf.Tensor4D;
      const [, h, w, k] = a.shape;
      const weights = (model.getLayer('logits').getWeights()[0] as tf.Tensor2D)
        .slice([0, 1], [k, 1])
        .reshape([1, 1, 1, k]);
      return {
        values: tf
          .relu(a.mul(weights).sum(-1))
          .div(h * w)
          .dataSync() as Float32Array,
        h,
        w,
      };
    });
    expect([result.cam.height, result.cam.width]).toEqual([expected.h, expected.w]);
    const scale = Math.max(...expected.values.map(Math.abs), 1e-12);
    result.cam.values.forEach((v, i) => expect(Math.abs(v - expected.values[i]) / scale).toBeLessThan(1e-4));
    expect(result.logits).toHaveLength(3);

    // The same graph after a save/load round trip (how artifacts come back) gives the same map.
    if (kind !== 'resnet50') {
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
      const again = gradCam(loaded, x, { layerName, classIndex: 1 });
      again.cam.values.forEach((v, i) => expect(v).toBeCloseTo(result.cam.values[i], 6));
      loaded.dispose();
    }
    x.dispose();
    model.dispose();
  });
});

describe('Grad-CAM on the ResNet50 stage4 builder', () => {
  it("explains stage 4's output, the maps its max pool reads, and survives a save/load round trip", async () => {
    const config = resolveModelConfig({ kind: 'resnet50', preprocessing: { imageSize: 64 } });
    const model = buildResNet50({ inputSize: 64, classCount: 3, dropout: 0.5, seed: 4, features: 'stage4-max' });
    const layerName = gradCamLayerName(config);
    expect(layerName).toBe('activation_39');
    const pooled = model.getLayer('stage4_max_pool').input as tf.SymbolicTensor;
    expect(pooled.sourceLayer.name).toBe(layerName);
    expect(resolveGradCamLayer(model, config, 'stage4_max_pool')).toBe(layerName);
    const x = tf.randomUniform([1, 64, 64, 3], 0, 1, 'float32', 11) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    const result = gradCam(model, x, { layerName, classIndex: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect([result.cam.height, result.cam.width]).toEqual([4, 4]);
    expect(result.cam.values.every(Number.isFinite)).toBe(true);
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tf.loadLayersModel(tf.io.fromMemory(saved!));
    expect(loaded.layers.some((l) => l.name.startsWith('res5'))).toBe(false);
    const again = gradCam(loaded, x, { layerName, classIndex: 1 });
    again.cam.values.forEach((v, i) => expect(v).toBeCloseTo(result.cam.values[i], 6));
    loaded.dispose();
    x.dispose();
    model.dispose();
  });
});

describe('target layer choice', () => {
  it('derives the name from the architecture for every variant', () => {
    expect(gradCamLayerName(resolveModelConfig({ kind: 'cnn', variant: 'fast' }))).toBe('block3_relu1');
    expect(gradCamLayerName(resolveModelConfig({ kind: 'cnn', variant: 'deep' }))).toBe('block4_relu2');
    expect(gradCamLayerName(resolveModelConfig({ kind: 'resnet', variant: 'resnet10' }))).toBe('activation_7');
    expect(gradCamLayerName(resolveModelConfig({ kind: 'resnet', variant: 'resnet18' }))).toBe('activation_15');
    expect(gradCamLayerName(resolveModelConfig({ kind: 'resnet50' }))).toBe('activation_39');
    expect(gradCamLayerName(resolveModelConfig({ kind: 'resnet50', variant: 'finetune' }))).toBe('activation_48');
  });

  it('names the stage before the last for the networks trained from scratch, none for ResNet50', () => {
    expect(gradCamFineLayerName(resolveModelConfig({ kind: 'cnn', variant: 'fast' }))).toBe('block2_relu1');
    expect(gradCamFineLayerName(resolveModelConfig({ kind: 'cnn', variant: 'deep' }))).toBe('block3_relu2');
    expect(gradCamFineLayerName(resolveModelConfig({ kind: 'resnet', variant: 'resnet10' }))).toBe('activation_5');
    expect(gradCamFineLayerName(resolveModelConfig({ kind: 'resnet', variant: 'resnet18' }))).toBe('activation_11');
    expect(gradCamFineLayerName(resolveModelConfig({ kind: 'resnet50' }))).toBeNull();
    const oneStage = resolveModelConfig({ kind: 'cnn', architecture: { stages: [16] } });
    expect(gradCamFineLayerName(oneStage)).toBeNull();
  });

  it('falls back to the layer feeding the embedding when the named one is missing, and refuses a model without feature maps', () => {
    const model = identityFeatureModel({
      size: 8,
      channels: 1,
      featuresName: 'renamed_features',
      logitWeights: [[1, -1]],
    });
    expect(resolveGradCamLayer(model, resolveModelConfig({ kind: 'cnn' }), 'avg_pool')).toBe('renamed_features');
    const input = tf.input({ shape: [4] });
    const dense = tf.model({
      inputs: input,
      outputs: tf.layers.dense({ units: 2, name: 'logits' }).apply(input) as tf.SymbolicTensor,
    });
    expect(() => resolveGradCamLayer(dense, resolveModelConfig({ kind: 'cnn' }), 'avg_pool')).toThrow(
      /no convolutional layer/,
    );
    model.dispose();
    dense.dispose();
  });
});
