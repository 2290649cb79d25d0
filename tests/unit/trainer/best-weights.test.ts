import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BestWeights } from '@/trainer/train/fit';

function oneWeightModel(): tf.LayersModel {
  const input = tf.input({ shape: [1] });
  const out = tf.layers
    .dense({ units: 1, useBias: false, kernelInitializer: 'zeros' })
    .apply(input) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out });
}
const weightOf = (m: tf.LayersModel) => m.getWeights()[0].dataSync()[0];

describe('early stopping keeps the best weights', () => {
  it('never lets a diverged epoch (NaN or infinite loss) replace a finite best', () => {
    const model = oneWeightModel();
    const best = new BestWeights();
    model.setWeights([tf.tensor2d([[1]])]);
    best.offer(0.4, model);
    for (const loss of [NaN, Infinity]) {
      model.setWeights([tf.tensor2d([[99]])]);
      best.offer(loss, model);
    }
    expect(best.sinceBest).toBe(2);
    best.restoreInto(model);
    expect(weightOf(model)).toBe(1);
    best.dispose();
    model.dispose();
  });

  it('replaces a NaN start (no validation data) with the first epoch', () => {
    const model = oneWeightModel();
    const best = new BestWeights();
    best.offer(NaN, model);
    model.setWeights([tf.tensor2d([[2]])]);
    best.offer(0.9, model);
    model.setWeights([tf.tensor2d([[3]])]);
    best.restoreInto(model);
    expect(weightOf(model)).toBe(2);
    best.dispose();
    model.dispose();
  });
});
