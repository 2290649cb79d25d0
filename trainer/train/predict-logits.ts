import * as tf from '@tensorflow/tfjs';
import { batchTensor, inOrderBatches } from './batches';
import type { ExampleSource } from './types';

/** Logits for every example of a source, in inference mode (BN moving stats, no dropout). */
export function predictLogits(model: tf.LayersModel, source: ExampleSource, batchSize = 64): number[][] {
  const out: number[][] = [];
  for (const idx of inOrderBatches(source.labels.length, batchSize)) {
    // Read outside tidy, which would walk every element of a returned array.
    const logits = tf.tidy(() => model.predict(batchTensor(source, idx)) as tf.Tensor2D);
    out.push(...logits.arraySync());
    logits.dispose();
  }
  return out;
}
