import * as tf from '@tensorflow/tfjs';
import type { DecodedImage } from '@/lib/imaging/types';
import { type ModelConfig, type ResNet50Features } from '@/lib/models/configs';
import type { ModelCard } from '@/lib/models/model-card';
import { inputShape, prepareImage, type PreparedInputSpec } from '@/trainer/data/prepare';
import { foldBatchNorm } from '@/trainer/models/blocks';
import {
  caffePreprocessLayer,
  buildResNet50Stage4Extractor,
  buildResNet50Stage5Pooling,
  resnet50HeadInput,
  stage4MaxPool,
  stage4Size,
} from '@/trainer/models/resnet50';
import { assignWeightsByName } from '@/trainer/models/named-weights';
import { createNetworkRunner, type NetworkRunner } from '@/trainer/onnx/network-runner';
import { cachedFeatures } from './backbone-features';
import type { FeatureCache } from './feature-cache';
import { resnet50WeightsFor, type ResNet50Weights } from './weights';

/**
 * True when a resnet50 config trains only the head: stages 1-5 stay as pretrained, so a scan's
 * avg_pool embedding never changes and can be computed once (cached) for training and scoring.
 */
export function isFrozenBackbone(config: ModelConfig): boolean {
  return config.kind === 'resnet50' && !(config.architecture.fineTuneStage5 && config.training.fineTune.epochs > 0);
}

/** Everything that changes the backbone's input: part of every feature-cache key. */
export const featurePreprocessing = (spec: PreparedInputSpec) => `${spec.imageSize}|${spec.inputMode}|v1`;

/** The pretrained, BN-folded backbone in its two cached halves: stages 1-4, and stage 5 to avg_pool. */
export interface FoldedBackbone {
  stage4: tf.LayersModel;
  pooling: tf.LayersModel;
  /** Both halves chained: image to avg_pool, for a frozen backbone that needs no stage-4 maps. */
  toPooled: tf.LayersModel;
  /** Image to stage 4's max pool (the stage4-max features); shares stage 4's layers. */
  toStage4Max: tf.LayersModel;
  /** The network from an image to the features a head of this kind reads. */
  toFeatures(features: ResNet50Features): tf.LayersModel;
  /** What runs one of these networks: made once per network, released with the backbone. */
  runnerFor(network: tf.LayersModel): Promise<NetworkRunner>;
  dispose(): void;
}

export function buildFoldedBackbone(weights: ResNet50Weights, imageSize: number): FoldedBackbone {
  const stage4 = buildResNet50Stage4Extractor({ inputSize: imageSize });
  const pooling = buildResNet50Stage5Pooling({ featureSize: stage4Size(imageSize) });
  const folded = foldBatchNorm(weights.tensors);
  // The folded builders start from zero kernels: a layer the weights miss would stay zero.
  const only = (name: string) => name !== caffePreprocessLayer;
  const missing = [stage4, pooling].flatMap((m) => assignWeightsByName(m, folded, { only }).missing);
  tf.dispose(Object.values(folded));
  if (missing.length > 0)
    throw new Error(
      `ResNet50 weights ${weights.id} lack layers ${missing.slice(0, 5).join(', ')} (${missing.length} in all)`,
    );
  const input = stage4.inputs[0];
  const toPooled = tf.model({
    inputs: input,
    outputs: pooling.apply(stage4.outputs[0]) as tf.SymbolicTensor,
    name: 'resnet50_pooled_folded',
  });
  const toStage4Max = tf.model({
    inputs: input,
    outputs: stage4MaxPool(stage4.outputs[0]),
    name: 'resnet50_stage4_max_folded',
  });
  const runners = new Map<tf.LayersModel, Promise<NetworkRunner>>();
  return {
    stage4,
    pooling,
    toPooled,
    toStage4Max,
    toFeatures: (features) => (features === 'stage4-max' ? toStage4Max : toPooled),
    runnerFor: (network) => {
      if (!runners.has(network)) runners.set(network, createNetworkRunner(network));
      return runners.get(network)!;
    },
    // toPooled holds stage 4's layers and uses `pooling` as a layer, which raised pooling's
    // reference count to two: disposing toPooled frees stage 4's layers and pooling (its layer
    // reference and its internal container reference). Disposing stage4 and pooling instead
    // left stage 5's 60 MB of folded weights alive on every call. toStage4Max owns no weights
    // of its own (its pooling has none); stage 4's are freed with toPooled.
    dispose: () => {
      for (const runner of runners.values()) void runner.then((r) => r.dispose()).catch(() => {});
      runners.clear();
      toPooled.dispose();
    },
  };
}

/** One folded backbone per weights and input size for the process: every scoring round reuses it. */
const backbones = new Map<string, FoldedBackbone>();

/** The process's folded backbone for these weights and input size (built on first use, then kept). */
export function sharedBackbone(weights: ResNet50Weights, imageSize: number): FoldedBackbone {
  const id = `${weights.id}|${imageSize}`;
  let backbone = backbones.get(id);
  if (!backbone) backbones.set(id, (backbone = buildFoldedBackbone(weights, imageSize)));
  return backbone;
}

/** The frozen features a resnet50 config's head reads. */
export const headFeaturesOf = (config: ModelConfig): ResNet50Features =>
  config.kind === 'resnet50' ? config.architecture.features : 'stage5-avg';

/**
 * The head's input features of scans for a model whose backbone is frozen (resnet50 'frozen' or
 * 'stage4'), so that scoring runs only its head; undefined for any other model, which then scores from
 * the images. Computed once per scan (the feature cache), under the key training used.
 */
export async function frozenBackboneFeatures(
  card: ModelCard,
  scans: readonly { image: DecodedImage; key: string }[],
  cache: FeatureCache,
): Promise<Float32Array[] | undefined> {
  if (!isFrozenBackbone(card.config)) return undefined;
  const weights = await resnet50WeightsFor(card.resnet50Weights?.source);
  const spec: PreparedInputSpec = { imageSize: card.preprocessing.imageSize, inputMode: card.preprocessing.inputMode };
  // The key trainResNet50 stores pooled features under, so training and scoring share them.
  const kind = headFeaturesOf(card.config);
  const backbone = sharedBackbone(weights, spec.imageSize);
  const { features } = await cachedFeatures({
    network: backbone.toFeatures(kind),
    runner: () => backbone.runnerFor(backbone.toFeatures(kind)),
    weightsId: weights.id,
    layer: resnet50HeadInput[kind].layer,
    preprocessing: featurePreprocessing(spec),
    cache,
    keys: scans.map((s) => s.key),
    // Prepared on demand: only the scans missing from the cache are ever prepared.
    source: { shape: inputShape(spec), labels: scans.map(() => 0), get: (i) => prepareImage(scans[i].image, spec) },
  });
  return features;
}
