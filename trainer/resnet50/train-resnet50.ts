import type * as tf from '@tensorflow/tfjs';
import { headLayerNames, type ModelConfig } from '@/lib/models/configs';
import { arraySource } from '@/trainer/data/image-source';
import {
  buildFeatureHead,
  buildResNet50,
  buildResNet50Stage5,
  resnet50HeadInput,
  resnet50Stage4Channels,
  resnet50Stage4Output,
  stage4Size,
} from '@/trainer/models/resnet50';
import { assignWeightsByName, namedWeights } from '@/trainer/models/named-weights';
import type { FamilyTrainInput, FamilyTrainResult, SplitName } from '@/trainer/train/family';
import { startRowHelper } from '@/trainer/learn/row-helper';
import { fineTuneLearningRates, fineTuneWithSearch } from './fine-tune-schedule';
import { predictLogits } from '@/trainer/train/predict-logits';
import type { EpochRecord, ExampleSource } from '@/trainer/train/types';
import { cachedFeatures } from './backbone-features';
import { fitLogisticHead } from './fit-logistic-head';
import {
  buildFoldedBackbone,
  featurePreprocessing,
  headFeaturesOf,
  isFrozenBackbone,
  type FoldedBackbone,
} from './pooled-features';
import { viewFeatures } from './view-features';
import { resnet50WeightsFor, type ResNet50Weights } from './weights';

type R50Config = Extract<ModelConfig, { kind: 'resnet50' }>;
const splits: SplitName[] = ['train', 'validation', 'calibration', 'test'];

/** Features of one layer for every split, through the cache. */
async function featuresBySplit(
  input: FamilyTrainInput<R50Config>,
  backbone: FoldedBackbone,
  network: tf.LayersModel,
  sources: Record<SplitName, ExampleSource>,
  weightsId: string,
  layer: string,
  shape: number[],
): Promise<Record<SplitName, ExampleSource>> {
  const out = {} as Record<SplitName, ExampleSource>;
  for (const split of splits) {
    const { features } = await cachedFeatures({
      network,
      runner: () => backbone.runnerFor(network),
      source: sources[split],
      keys: input.keys[split],
      weightsId,
      layer,
      preprocessing: featurePreprocessing(input.spec),
      cache: input.resnet50!.cache,
      onBatch: input.onFeatures,
    });
    out[split] = arraySource(features, sources[split].labels, shape);
  }
  return out;
}

const isStage5OrHead = (n: string) => n.startsWith('res5') || n.startsWith('bn5') || n === headLayerNames.logits;

/**
 * The head's features (stage 5's avg_pool or stage 4's max pool, BN folded) for every split,
 * through the cache; when stage 5 is fine-tuned, also the stage-4 maps it trains on. A frozen
 * backbone goes straight to its pooled features: stage-4 maps (50 times larger) are neither
 * needed nor kept.
 */
async function backboneFeatures(input: FamilyTrainInput<R50Config>, weights: ResNet50Weights, withStage4: boolean) {
  const s4 = stage4Size(input.spec.imageSize);
  const backbone = buildFoldedBackbone(weights, input.spec.imageSize);
  const head = resnet50HeadInput[headFeaturesOf(input.config)];
  const toFeatures = backbone.toFeatures(headFeaturesOf(input.config));
  // Every view of the training scans for the head (view 0 is read back from the cache).
  const trainViews = () =>
    viewFeatures({
      network: toFeatures,
      runner: () => backbone.runnerFor(toFeatures),
      source: input.sources.train,
      keys: input.keys.train,
      weightsId: weights.id,
      layer: head.layer,
      preprocessing: featurePreprocessing(input.spec),
      cache: input.resnet50!.cache,
      views: input.config.training.featureViews,
      augmentation: input.config.training.augmentation,
      onBatch: input.onFeatures,
    });
  try {
    if (!withStage4) {
      const pooled = await featuresBySplit(input, backbone, toFeatures, input.sources, weights.id, head.layer, [
        head.features,
      ]);
      return { stage4: null, pooled, trainViews: await trainViews() };
    }
    const stage4 = await featuresBySplit(
      input,
      backbone,
      backbone.stage4,
      input.sources,
      weights.id,
      resnet50Stage4Output,
      [s4, s4, resnet50Stage4Channels],
    );
    const pooled = await featuresBySplit(input, backbone, backbone.pooling, stage4, weights.id, head.layer, [
      head.features,
    ]);
    return { stage4, pooled, trainViews: await trainViews() };
  } finally {
    backbone.dispose();
  }
}

/**
 * ImageNet ResNet50 by transfer learning. Stages 1-4 stay frozen, so their output (stage 4,
 * the input of res5a) is computed once per scan and cached; phase 1 fits the head on cached
 * features: stage 4's max pool ('stage4-max', and then the network ends at stage 4) or the
 * avg_pool of the pretrained stage 5 ('stage5-avg'); phase 2 fine-tunes stage 5 + head on the cached
 * stage-4 maps with a lower learning rate (BN kept in inference mode). No image augmentation:
 * it would change the cached features. A warm start (the previous version) resumes phase 2 from
 * its stage 5 and head, or with a frozen stage 5 starts phase 1 from its head.
 */
export async function trainResNet50(input: FamilyTrainInput<R50Config>): Promise<FamilyTrainResult> {
  const { config, classCount } = input;
  const t = config.training;
  const fineTune = !isFrozenBackbone(config);
  const started = performance.now();
  const features = headFeaturesOf(config);
  const weights = await resnet50WeightsFor(input.resnet50?.weightsSource);
  // Stage 5 and its head, trained on cached stage-4 maps; a stage-4 head has no stage 5.
  const stage5 =
    features === 'stage5-avg'
      ? buildResNet50Stage5({
          featureSize: stage4Size(input.spec.imageSize),
          classCount,
          dropout: t.dropout,
          seed: t.seed,
        })
      : null;
  if (stage5) assignWeightsByName(stage5, weights.tensors);
  // The head's fits use a second thread, which starts while the features load.
  const helperStarting = input.warmStart && fineTune ? null : startRowHelper().catch(() => null);
  const { stage4, pooled, trainViews } = await backboneFeatures(input, weights, fineTune).catch(async (e: unknown) => {
    await (await helperStarting)?.close();
    throw e;
  });
  const featuresMs = performance.now() - started;
  const full = buildResNet50({
    inputSize: input.spec.imageSize,
    classCount,
    dropout: t.dropout,
    seed: t.seed,
    features,
  });
  assignWeightsByName(full, weights.tensors);

  const common = {
    kind: config.kind,
    classWeights: input.classWeights,
    bnTraining: false,
    rng: input.rng,
    onProgress: input.onProgress,
    signal: input.signal,
    patience: t.patience,
  };
  const history: EpochRecord[] = [];
  const warm = input.warmStart ? namedWeights(input.warmStart) : null;
  let logits: FamilyTrainResult['logits'];
  let outOfFold: number[][] | undefined;
  if (!(warm && fineTune)) {
    // A warm start has nothing to add here: the logistic head is fitted exactly each time.
    const head = buildFeatureHead({
      features: resnet50HeadInput[features].features,
      classCount,
      dropout: t.dropout,
      seed: t.seed,
    });
    const rowsOf = (src: ExampleSource) => src.labels.map((_, i) => src.get(i));
    const helper = (await helperStarting) ?? undefined;
    let fitted: ReturnType<typeof fitLogisticHead>;
    try {
      fitted = fitLogisticHead({
        head,
        train: trainViews,
        labels: pooled.train.labels,
        validation: { rows: rowsOf(pooled.validation), labels: pooled.validation.labels },
        classCount,
        seed: t.seed,
        helper,
      });
    } finally {
      await helper?.close();
    }
    history.push(fitted.record);
    if (!fineTune && input.sources.validation.labels.length === 0) outOfFold = fitted.outOfFold;
    const isLogits = (n: string) => n === headLayerNames.logits;
    assignWeightsByName(stage5 ?? full, namedWeights(head), { only: isLogits });
    // With fine-tuning to follow, its logits replace these.
    if (!fineTune)
      logits = {
        validation: predictLogits(head, pooled.validation),
        calibration: predictLogits(head, pooled.calibration),
        test: predictLogits(head, pooled.test),
      };
    head.dispose();
  } else {
    assignWeightsByName(stage5!, warm, { only: isStage5OrHead });
  }
  let fineTuneSearch: FamilyTrainResult['fineTuneSearch'];
  if (fineTune) {
    const tuned = await fineTuneWithSearch(
      {
        ...common,
        phase: 'fine-tune',
        model: stage5!,
        train: stage4!.train,
        validation: stage4!.validation,
        epochs: t.fineTune.epochs,
        batchSize: Math.min(t.batchSize, 32),
        warmupEpochs: t.fineTune.warmupEpochs ?? 1,
      },
      fineTuneLearningRates(t.fineTune),
    );
    history.push(...tuned.history);
    fineTuneSearch = tuned.search;
    logits = {
      validation: predictLogits(stage5!, stage4!.validation),
      calibration: predictLogits(stage5!, stage4!.calibration),
      test: predictLogits(stage5!, stage4!.test),
    };
  }
  if (stage5) {
    assignWeightsByName(full, namedWeights(stage5), { only: isStage5OrHead });
    stage5.dispose();
  }
  return {
    model: full,
    history,
    logits: logits!,
    outOfFold,
    featuresMs,
    resnet50Weights: { id: weights.id, source: weights.source },
    fineTuneSearch,
  };
}
