import type * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';

type Sym = tf.SymbolicTensor;

/**
 * Runs a functional LayersModel's graph layer by layer on concrete tensors, in inference
 * mode (BN moving statistics, no dropout), remembering every intermediate value. tfjs can
 * differentiate only with respect to a function's inputs; `withValue` re-runs just the part
 * of the graph downstream of one intermediate tensor from a given value, which is what a
 * gradient with respect to a hidden layer's activations needs.
 * Flat models only (a model nested as a layer is run as one layer).
 */
export interface GraphReplay {
  /** The value of `target` for the fed inputs (computed once, then remembered). */
  value(target: Sym): tf.Tensor;
  /** The value of `target` when `at` takes `atValue` instead (everything upstream of `at` is reused). */
  withValue(at: Sym, atValue: tf.Tensor, target: Sym): tf.Tensor;
}

function applyLayer(s: Sym, inputs: tf.Tensor[]): tf.Tensor {
  // Keyword arguments recorded when the graph was built (e.g. a mask), with training forced off.
  const kwargs = { ...s.callArgs, training: false };
  const out = s.sourceLayer.apply(inputs.length === 1 ? inputs[0] : inputs, kwargs) as tf.Tensor | tf.Tensor[];
  return Array.isArray(out) ? out[s.outputTensorIndex ?? 0] : out;
}

/** Call inside tf.tidy: the remembered intermediates are ordinary tensors. */
export function replayGraph(model: tf.LayersModel, inputs: tf.Tensor[]): GraphReplay {
  if (inputs.length !== model.inputs.length) {
    throw new AppError({
      code: 'INTERNAL',
      message: `model ${model.name} takes ${model.inputs.length} input(s), got ${inputs.length}`,
    });
  }
  const memo = new Map<number, tf.Tensor>(model.inputs.map((s, i) => [s.id, inputs[i]]));
  const value = (s: Sym): tf.Tensor => {
    const hit = memo.get(s.id);
    if (hit) return hit;
    if (s.inputs.length === 0)
      throw new AppError({
        code: 'INTERNAL',
        message: `no value for ${s.name}: it is not an input of model ${model.name}`,
      });
    const v = applyLayer(s, s.inputs.map(value));
    memo.set(s.id, v);
    return v;
  };

  const withValue = (at: Sym, atValue: tf.Tensor, target: Sym): tf.Tensor => {
    const downstream = new Map<number, boolean>();
    const dependsOnAt = (s: Sym): boolean => {
      let d = downstream.get(s.id);
      if (d === undefined) {
        d = s.id === at.id || s.inputs.some(dependsOnAt);
        downstream.set(s.id, d);
      }
      return d;
    };
    const local = new Map<number, tf.Tensor>([[at.id, atValue]]);
    const visit = (s: Sym): tf.Tensor => {
      if (!dependsOnAt(s)) return value(s);
      const hit = local.get(s.id);
      if (hit) return hit;
      const v = applyLayer(s, s.inputs.map(visit));
      local.set(s.id, v);
      return v;
    };
    return visit(target);
  };

  return { value, withValue };
}
