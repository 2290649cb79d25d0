import * as tf from '@tensorflow/tfjs';
import { resolveModelConfig, type ModelConfigInput } from '@/lib/models/configs';
import type { ModelCard } from '@/lib/models/model-card';
import type { Classifier } from '@/trainer/evaluate';

/** The fields of a model card that explaining reads (the rest is irrelevant to Grad-CAM). */
export function explainCard(
  config: ModelConfigInput,
  inputMode: 'grey' | 'grey-rgb' | 'ct-windows',
  labels = ['a', 'b'],
): ModelCard {
  const resolved = resolveModelConfig(config);
  return {
    kind: resolved.kind,
    config: resolved,
    labels,
    preprocessing: {
      imageSize: resolved.preprocessing.imageSize,
      inputMode,
      channels: inputMode === 'grey' ? 1 : 3,
      normalisation: 'per-modality-v1',
    },
    head: { embeddingLayer: 'avg_pool', logitsLayer: 'logits', featureCount: 1, dropoutRate: 0 },
    temperature: 1,
  } as ModelCard; // a partial card: explainImage reads only these fields
}

/**
 * features = the input (a 1x1 identity conv + ReLU named `featuresName`), then the shared head
 * (avg_pool, head_dropout, logits) with logits kernel `logitWeights` [channels x classes].
 */
export function identityFeatureModel(o: {
  size: number;
  channels: number;
  featuresName: string;
  logitWeights: number[][];
}): tf.LayersModel {
  const c = o.channels;
  const classes = o.logitWeights[0].length;
  const input = tf.input({ shape: [o.size, o.size, c], name: 'input_1' });
  const features = tf.layers
    .conv2d({ filters: c, kernelSize: 1, activation: 'relu', useBias: false, name: o.featuresName })
    .apply(input) as tf.SymbolicTensor;
  const pooled = tf.layers.globalAveragePooling2d({ name: 'avg_pool' }).apply(features) as tf.SymbolicTensor;
  const dropped = tf.layers.dropout({ rate: 0.5, name: 'head_dropout' }).apply(pooled) as tf.SymbolicTensor;
  const logits = tf.layers
    .dense({ units: classes, useBias: false, name: 'logits' })
    .apply(dropped) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: logits });
  const eye = Array.from({ length: c * c }, (_, i) => (i % (c + 1) === 0 ? 1 : 0));
  tf.tidy(() => {
    model.getLayer(o.featuresName).setWeights([tf.tensor4d(eye, [1, 1, c, c])]);
    model.getLayer('logits').setWeights([tf.tensor2d(o.logitWeights)]);
  });
  return model;
}

export const classifierOf = (model: tf.LayersModel, card: ModelCard): Classifier => ({ model, card });

/** Index of the largest value and its (x, y) on a width-wide grid. */
export function peakOf(values: ArrayLike<number>, width: number): { x: number; y: number; index: number } {
  let index = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[index]) index = i;
  return { x: index % width, y: Math.floor(index / width), index };
}
