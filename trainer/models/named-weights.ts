import type * as tf from '@tensorflow/tfjs';

/**
 * Layer names are a contract (docs/ARCHITECTURE.md, "Models"): weights move between models by
 * 'layer/weight' name. Copies weights into every layer of `model` whose name has all its weights in `tensors`
 * (names 'layer/kernel'); returns the layers it filled and those it could not.
 */
export function assignWeightsByName(
  model: tf.LayersModel,
  tensors: tf.NamedTensorMap,
  opts: { only?: (layerName: string) => boolean } = {},
): { assigned: string[]; missing: string[] } {
  const assigned: string[] = [];
  const missing: string[] = [];
  for (const layer of model.layers) {
    if (layer.weights.length === 0 || (opts.only && !opts.only(layer.name))) continue;
    const values = layer.weights.map((w) => tensors[`${layer.name}/${w.originalName.split('/').pop()}`]);
    if (!values.every((v, i) => v && sameShape(v.shape, layer.weights[i].shape))) {
      missing.push(layer.name);
      continue;
    }
    layer.setWeights(values);
    assigned.push(layer.name);
  }
  return { assigned, missing };
}

const sameShape = (a: readonly (number | null)[], b: readonly (number | null)[]) =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/** Weights of a model by name, for handing trained layers from one model to another. */
export function namedWeights(model: tf.LayersModel): tf.NamedTensorMap {
  const out: tf.NamedTensorMap = {};
  for (const layer of model.layers) {
    for (const w of layer.weights) out[`${layer.name}/${w.originalName.split('/').pop()}`] = w.read();
  }
  return out;
}
