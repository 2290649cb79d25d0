import * as tf from '@tensorflow/tfjs';
import { negativeLogLikelihood } from '@/lib/metrics/calibration';
import type { ModelCard } from '@/lib/models/model-card';
import { fitClassifier, type FitOptions } from '@/trainer/train/fit';
import { predictLogits } from '@/trainer/train/predict-logits';
import type { EpochRecord } from '@/trainer/train/types';

/** The learning rates tried when the config names none: its own, and a third of it. */
export function fineTuneLearningRates(fineTune: { learningRate: number; learningRates?: number[] }): number[] {
  return fineTune.learningRates ?? [fineTune.learningRate, fineTune.learningRate / 3];
}

function validationLoss(o: Pick<FitOptions, 'model' | 'validation' | 'batchSize'>): number | null {
  if (o.validation.labels.length === 0) return null;
  return negativeLogLikelihood(predictLogits(o.model, o.validation, Math.max(o.batchSize, 64)), o.validation.labels);
}

/**
 * Fine-tuning whose schedule is chosen on validation: from the same starting weights (the fitted
 * head), one run per learning rate (each with its warm-up and early stopping, counting the start
 * as a candidate), and the model ends with the weights of the run with the lowest validation loss,
 * or the start when none is lower. Without validation scans, the first rate alone is run (there is
 * nothing to choose on). Returns the kept run's epochs and what was tried, for the model card.
 */
export async function fineTuneWithSearch(
  o: Omit<FitOptions, 'learningRate' | 'keepStartIfBest'>,
  learningRates: readonly number[],
): Promise<{ history: EpochRecord[]; search: NonNullable<ModelCard['fineTuneSearch']> }> {
  const headValLoss = validationLoss(o);
  const rates = headValLoss === null ? learningRates.slice(0, 1) : learningRates;
  const start = o.model.getWeights().map((w) => tf.keep(w.clone()));
  const runs: NonNullable<ModelCard['fineTuneSearch']>['runs'] = [];
  let best: { loss: number; weights: tf.Tensor[]; learningRate: number; history: EpochRecord[] } | null = null;
  try {
    for (const learningRate of rates) {
      o.model.setWeights(start);
      const history = await fitClassifier({ ...o, learningRate, keepStartIfBest: true });
      const loss = validationLoss(o);
      runs.push({ learningRate, valLoss: loss, epochs: history.length });
      const bestLoss = best?.loss ?? headValLoss ?? Infinity;
      // Without validation the single run is kept as it ends (fitClassifier chose its epoch on the training loss).
      if (loss === null || (Number.isFinite(loss) && loss < bestLoss)) {
        tf.dispose(best?.weights ?? []);
        best = {
          loss: loss ?? NaN,
          weights: o.model.getWeights().map((w) => tf.keep(w.clone())),
          learningRate,
          history,
        };
      }
    }
    o.model.setWeights(best?.weights ?? start);
  } finally {
    tf.dispose(start);
    tf.dispose(best?.weights ?? []);
  }
  return {
    history: best?.history ?? [],
    search: { headValLoss, runs, chosen: best?.learningRate ?? null },
  };
}
