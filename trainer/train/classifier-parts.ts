import * as tf from '@tensorflow/tfjs';
import { headLayerNames } from '@/lib/models/configs';

/**
 * A classifier split at its head: `embed` maps inputs to the pooled features (the avg_pool
 * embedding), `logits` is the dense layer. Dropout is applied between them by the caller
 * with a seeded mask, so training and MC dropout are reproducible (tfjs' Dropout layer is
 * either unseeded or draws the same mask every call).
 */
export interface ClassifierParts {
  embed: (x: tf.Tensor, training: boolean) => tf.Tensor2D;
  logits: (features: tf.Tensor2D) => tf.Tensor2D;
  dropoutRate: number;
}

export function classifierParts(model: tf.LayersModel): ClassifierParts {
  const dropout = model.getLayer(headLayerNames.dropout);
  const logitsLayer = model.getLayer(headLayerNames.logits);
  const featuresOut = dropout.input as tf.SymbolicTensor;
  const isInput = model.inputs.includes(featuresOut);
  const embedModel = isInput ? null : tf.model({ inputs: model.inputs, outputs: featuresOut });
  return {
    embed: (x, training) => (embedModel ? (embedModel.apply(x, { training }) as tf.Tensor2D) : (x as tf.Tensor2D)),
    logits: (f) => logitsLayer.apply(f) as tf.Tensor2D,
    dropoutRate: (dropout.getConfig().rate as number) ?? 0,
  };
}

/** Inverted dropout with a mask drawn from `uniform` (seeded by the caller). */
export function seededDropout(features: tf.Tensor2D, rate: number, uniform: () => number): tf.Tensor2D {
  if (rate <= 0) return features;
  const keep = 1 - rate;
  const mask = Float32Array.from({ length: features.size }, () => (uniform() < keep ? 1 / keep : 0));
  return features.mul(tf.tensor2d(mask, features.shape));
}
