import * as tf from '@tensorflow/tfjs';
import { batchTensor } from './batches';
import type { ExampleSource } from './types';

/** Examples whose statistics replace the moving averages at most (evenly spaced over the set). */
export const PRECISE_BN_EXAMPLES = 256;

interface MomentumHolder {
  momentum: number;
}

function batchNormLayers(layers: readonly tf.layers.Layer[]): tf.layers.Layer[] {
  return layers.flatMap((l) =>
    l instanceof tf.LayersModel ? batchNormLayers(l.layers) : l.getClassName() === 'BatchNormalization' ? [l] : [],
  );
}

/**
 * Replaces each BatchNormalization layer's moving mean and variance with their average over
 * batches of training examples under the current weights ("precise BN"). The moving averages
 * trail weights that move fast: trained from scratch at a high learning rate on a few hundred
 * scans, a network whose batch statistics had settled predicted one class for every validation
 * scan in inference mode (validation loss 7.4 against a training loss of 0.4), so early stopping
 * chose among epochs by noise. Examples are taken un-augmented, as inference sees them, in
 * batches of `batchSize`, at most PRECISE_BN_EXAMPLES of them. Returns the examples used.
 */
export function recalibrateBatchNorm(model: tf.LayersModel, source: ExampleSource, batchSize: number): number {
  const layers = batchNormLayers(model.layers);
  const n = source.labels.length;
  if (layers.length === 0 || n === 0) return 0;
  const count = Math.min(n, PRECISE_BN_EXAMPLES);
  const picks = Array.from({ length: count }, (_, k) => Math.floor((k * n) / count));
  const holders = layers as unknown as MomentumHolder[];
  const momenta = holders.map((h) => h.momentum);
  try {
    for (let start = 0, k = 0; start < count; start += batchSize, k++) {
      // The k-th batch weighs 1/(k+1): after the last, each average is the plain mean over batches.
      for (const h of holders) h.momentum = k / (k + 1);
      tf.tidy(() => {
        model.apply(batchTensor(source, picks.slice(start, start + batchSize)), { training: true });
      });
    }
  } finally {
    holders.forEach((h, i) => (h.momentum = momenta[i]));
  }
  return count;
}
