import * as tf from '@tensorflow/tfjs';
import { headLayerNames, type ResNet50Features } from '@/lib/models/configs';
import { bottleneckBlock, classifierHead, convUnit, LayerNamer } from './blocks';

type T = tf.SymbolicTensor;

/** Keras ResNet50's stages: [filters, blocks]; stage 2 keeps the stride at 1. */
const stages: [number, [number, number, number], number][] = [
  [2, [64, 64, 256], 3],
  [3, [128, 128, 512], 4],
  [4, [256, 256, 1024], 6],
  [5, [512, 512, 2048], 3],
];

/** Output of stage 4 (input of res5a_branch2a / res5a_branch1): what phase 2 caches. */
export const resnet50Stage4Output = 'activation_39';
export const resnet50Stage4Channels = 1024;
export const resnet50FeatureCount = 2048;
/** stage4-max features: global max pooling of stage 4's output (activation_39). */
export const resnet50Stage4PoolName = 'stage4_max_pool';

/** The layer a ResNet50 head reads, and its width, for each kind of frozen features. */
export const resnet50HeadInput: Record<ResNet50Features, { layer: string; features: number }> = {
  'stage5-avg': { layer: headLayerNames.embedding, features: resnet50FeatureCount },
  'stage4-max': { layer: resnet50Stage4PoolName, features: resnet50Stage4Channels },
};
/** Caffe preprocessing of the ImageNet weights: BGR order, 0..255, these channel means subtracted. */
export const caffeMeansBgr = [103.939, 116.779, 123.68] as const;

function stage(x: T, [n, filters, blocks]: (typeof stages)[number], namer: LayerNamer, fold = false): T {
  for (let b = 0; b < blocks; b++) {
    x = bottleneckBlock(
      x,
      { stage: n, block: b, filters, strides: b === 0 && n > 2 ? 2 : 1, projection: b === 0, fold },
      namer,
    );
  }
  return x;
}

/** caffe_preprocess, the 7x7 stem and stages 2-4: everything before res5a. */
function throughStage4(input: T, namer: LayerNamer, fold: boolean): { out: T; caffe: tf.layers.Layer } {
  const pre = caffePreprocess(input);
  let x = tf.layers.zeroPadding2d({ padding: 3, name: 'conv1_pad' }).apply(pre.out) as T;
  x = convUnit(
    x,
    {
      filters: 64,
      kernel: 7,
      strides: 2,
      padding: 'valid',
      useBias: true,
      bnMomentum: 0.99,
      name: 'conv1',
      bnName: 'bn_conv1',
    },
    true,
    fold,
    namer,
  );
  x = tf.layers.zeroPadding2d({ padding: 1, name: 'pool1_pad' }).apply(x) as T;
  x = tf.layers.maxPooling2d({ poolSize: 3, strides: 2, name: 'max_pooling2d' }).apply(x) as T;
  for (const s of stages.slice(0, 3)) x = stage(x, s, namer, fold);
  return { out: x, caffe: pre.layer };
}

/** The preprocessing layer: its weights are set here, never loaded. */
export const caffePreprocessLayer = 'caffe_preprocess';

/**
 * [0, 1] RGB (or three CT windows) to caffe input as a frozen 1x1 conv, so the preprocessing
 * is part of the saved graph and prediction cannot forget it.
 */
function caffePreprocess(input: T): { out: T; layer: tf.layers.Layer } {
  const layer = tf.layers.conv2d({
    filters: 3,
    kernelSize: 1,
    useBias: true,
    trainable: false,
    name: caffePreprocessLayer,
  });
  return { out: layer.apply(input) as T, layer };
}

function setCaffeWeights(layer: tf.layers.Layer): void {
  const kernel = tf.tidy(() => {
    const k = tf.buffer([1, 1, 3, 3]);
    for (let c = 0; c < 3; c++) k.set(255, 0, 0, c, 2 - c);
    return k.toTensor();
  });
  const bias = tf.tensor1d(caffeMeansBgr.map((m) => -m));
  layer.setWeights([kernel, bias]);
  tf.dispose([kernel, bias]);
}

export interface BuildResNet50Options {
  inputSize: number;
  classCount: number;
  dropout: number;
  seed?: number;
  /** Which features the head reads (default stage5-avg: the whole Keras network). */
  features?: ResNet50Features;
}

/**
 * Keras ResNet50 topology and names (conv1, bn_conv1, res2a_branch2a, ..., avg_pool) with our head.
 * With stage4-max features the network ends at stage 4: its output, max-pooled, feeds the head.
 */
export function buildResNet50(o: BuildResNet50Options): tf.LayersModel {
  const namer = new LayerNamer({}, o.seed ?? 1);
  const input = tf.input({ shape: [o.inputSize, o.inputSize, 3], name: 'input_1' });
  const { out, caffe } = throughStage4(input, namer, false);
  const logits = classifierHead(
    o.features === 'stage4-max' ? stage4MaxPool(out) : stage(out, stages[3], namer),
    o,
    namer,
  );
  const model = tf.model({ inputs: input, outputs: logits, name: 'resnet50' });
  setCaffeWeights(caffe);
  return model;
}

/**
 * Frozen stages 1-4 for feature extraction, BatchNormalization folded into the convs (load
 * foldBatchNorm(weights)); output = activation_39, the same numbers as the full model's.
 */
export function buildResNet50Stage4Extractor(o: { inputSize: number }): tf.LayersModel {
  const input = tf.input({ shape: [o.inputSize, o.inputSize, 3], name: 'input_1' });
  const { out, caffe } = throughStage4(input, new LayerNamer({}, 1, true), true);
  const model = tf.model({ inputs: input, outputs: out, name: 'resnet50_stage4_folded' });
  setCaffeWeights(caffe);
  return model;
}

/** Stage 5 + head on cached stage-4 maps: what phase 2 fine-tunes (same names as in the full model). */
export function buildResNet50Stage5(o: {
  featureSize: number;
  classCount: number;
  dropout: number;
  seed?: number;
}): tf.LayersModel {
  const namer = new LayerNamer({ activation: 40, add: 13 }, o.seed ?? 1);
  const input = tf.input({ shape: [o.featureSize, o.featureSize, resnet50Stage4Channels], name: 'stage4_features' });
  const x = stage(input, stages[3], namer);
  return tf.model({ inputs: input, outputs: classifierHead(x, o, namer), name: 'resnet50_stage5' });
}

/** Pretrained stage 5 to avg_pool with BN folded (load foldBatchNorm(weights)): phase 1's features from cached stage-4 maps. */
export function buildResNet50Stage5Pooling(o: { featureSize: number }): tf.LayersModel {
  const input = tf.input({ shape: [o.featureSize, o.featureSize, resnet50Stage4Channels], name: 'stage4_features' });
  const x = stage(input, stages[3], new LayerNamer({ activation: 40, add: 13 }, 1, true), true);
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(x) as T;
  return tf.model({ inputs: input, outputs: pooled, name: 'resnet50_stage5_pooling_folded' });
}

/** Global max pooling of stage 4's maps: the stage4-max features. */
export function stage4MaxPool(maps: T): T {
  return tf.layers.globalMaxPooling2d({ name: resnet50Stage4PoolName }).apply(maps) as T;
}

/** The head alone on cached avg_pool features: what phase 1 trains. */
export function buildFeatureHead(o: {
  features: number;
  classCount: number;
  dropout: number;
  seed?: number;
}): tf.LayersModel {
  const namer = new LayerNamer({}, o.seed ?? 1);
  const input = tf.input({ shape: [o.features], name: 'avg_pool_features' });
  return tf.model({ inputs: input, outputs: classifierHead(input, o, namer), name: 'resnet50_head' });
}

/** Spatial size of the stage-4 output for a square input (four stride-2 steps, Keras padding). */
export function stage4Size(inputSize: number): number {
  const conv1 = Math.floor((inputSize + 6 - 7) / 2) + 1;
  let s = Math.floor((conv1 + 2 - 3) / 2) + 1;
  for (let i = 0; i < 2; i++) s = Math.floor((s - 1) / 2) + 1;
  return s;
}
