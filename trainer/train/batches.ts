import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@/lib/random';
import type { ExampleSource } from './types';

/** Shuffled batches of indices for one epoch (the last may be short). */
export function epochBatches(indices: readonly number[], batchSize: number, rng: Rng): number[][] {
  const order = rng.shuffle([...indices]);
  const out: number[][] = [];
  for (let i = 0; i < order.length; i += batchSize) out.push(order.slice(i, i + batchSize));
  return out;
}

/** Copies the examples at `indices` into one flat array (n examples of source.shape). */
export function gatherExamples(source: ExampleSource, indices: readonly number[]): Float32Array {
  const size = source.shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(indices.length * size);
  indices.forEach((i, k) => data.set(source.get(i), k * size));
  return data;
}

/** Stacks the examples at `indices` into one tensor [n, ...shape]. */
export function batchTensor(source: ExampleSource, indices: readonly number[]): tf.Tensor {
  return tf.tensor(gatherExamples(source, indices), [indices.length, ...source.shape], 'float32');
}

/** Fixed-order batches over all of a source (for prediction). */
export function inOrderBatches(count: number, batchSize: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < count; i += batchSize)
    out.push(Array.from({ length: Math.min(batchSize, count - i) }, (_, k) => i + k));
  return out;
}
