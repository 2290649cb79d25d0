import * as tf from '@tensorflow/tfjs';
import { argmaxRows } from '@/lib/metrics/confusion-matrix';
import { negativeLogLikelihood } from '@/lib/metrics/calibration';
import { headLayerNames, type AugmentationConfig, type ModelKind } from '@/lib/models/configs';
import type { Rng } from '@/lib/random';
import { batchPipeline, type PendingBatch } from '@/trainer/data/batch-pipeline';
import { epochBatches } from './batches';
import { classifierParts, seededDropout } from './classifier-parts';
import { predictLogits } from './predict-logits';
import { recalibrateBatchNorm } from './precise-batch-norm';
import type { EpochRecord, ExampleSource, ProgressCallback, TrainingPhase } from './types';

export interface FitOptions {
  kind: ModelKind;
  phase: TrainingPhase;
  /** Outputs logits and has the shared head layers (avg_pool, head_dropout, logits). */
  model: tf.LayersModel;
  train: ExampleSource;
  validation: ExampleSource;
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  /** Per-class loss weights (Keras class_weight semantics), or null for none. */
  classWeights: number[] | null;
  /** BatchNormalization in training mode; false keeps a pretrained backbone's statistics. */
  bnTraining: boolean;
  /** Seeded augmentation of image batches (drawn from `rng`), prepared one batch ahead. */
  augmentation?: AugmentationConfig;
  /** Augments on a worker thread (default true); false keeps it on this thread (same batches). */
  augmentOnWorker?: boolean;
  rng: Rng;
  /** Counts the starting weights as a candidate: fine-tuning that never helps leaves them as they were. */
  keepStartIfBest?: boolean;
  /** Epochs over which the learning rate rises linearly from a tenth of learningRate to it (default 0). */
  warmupEpochs?: number;
  onProgress?: ProgressCallback;
  signal?: AbortSignal;
}

function weightedCrossEntropy(logits: tf.Tensor2D, labels: number[], classWeights: number[] | null): tf.Scalar {
  const onehot = tf.oneHot(tf.tensor1d(labels, 'int32'), logits.shape[1]);
  const ce = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)), -1));
  if (!classWeights) return tf.mean(ce);
  return tf.mean(tf.mul(ce, tf.tensor1d(labels.map((y) => classWeights[y]))));
}

/** Keeps the weights of the best epoch so far (lowest monitored loss) and counts epochs since. */
export class BestWeights {
  private best: { loss: number; weights: tf.Tensor[] } | null = null;
  sinceBest = 0;

  offer(loss: number, model: tf.LayersModel): void {
    // A NaN baseline (keepStartIfBest without validation data) is always replaced; a diverged
    // epoch (NaN or infinite loss) never replaces a finite best.
    const diverged = !Number.isFinite(loss);
    if (this.best && (loss >= this.best.loss || (diverged && !Number.isNaN(this.best.loss)))) {
      this.sinceBest++;
      return;
    }
    tf.dispose(this.best?.weights ?? []);
    this.best = { loss, weights: model.getWeights().map((w) => tf.keep(w.clone())) };
    this.sinceBest = 0;
  }

  restoreInto(model: tf.LayersModel): void {
    if (this.best) model.setWeights(this.best.weights);
  }

  dispose(): void {
    tf.dispose(this.best?.weights ?? []);
    this.best = null;
  }
}

/** Validation loss and accuracy in inference mode; null without validation examples (the train loss is monitored). */
function validate(o: FitOptions): { valLoss: number | null; valAccuracy: number | null } {
  if (o.validation.labels.length === 0) return { valLoss: null, valAccuracy: null };
  const logits = predictLogits(o.model, o.validation, Math.max(o.batchSize, 64));
  const hits = argmaxRows(logits).filter((p, i) => p === o.validation.labels[i]).length;
  return { valLoss: negativeLogLikelihood(logits, o.validation.labels), valAccuracy: hits / logits.length };
}

/** Step inputs: the batch, its indices, and its dropout draws (taken from the rng before the next batch's). */
type Step = (x: tf.Tensor, idx: number[], draws: PreDrawn) => number;

/** Draws made from the rng ahead of use, handed out in order; a step must use all of them. */
interface PreDrawn {
  next: () => number;
  unused: () => number;
}

function preDrawn(rng: Rng, count: number): PreDrawn {
  const values = Float64Array.from({ length: count }, rng.next);
  let k = 0;
  return {
    next: () => {
      if (k >= count) throw new Error(`dropout took more than the ${count} draws made for it`);
      return values[k++];
    },
    unused: () => count - k,
  };
}

/**
 * One pass over the shuffled training set; returns the mean batch loss and the batch count.
 * The rng is drawn in the order of a one-batch-at-a-time loop (shuffle; then per batch its
 * augmentation, then its dropout mask), while the next batch is prepared during this one's step.
 */
async function runEpoch(
  o: FitOptions,
  step: Step,
  dropoutWidth: number,
  epoch: number,
  setLearningRate: (rate: number) => void,
): Promise<{ loss: number; batches: number }> {
  const batches = epochBatches(
    o.train.labels.map((_, i) => i),
    o.batchSize,
    o.rng,
  );
  const request = batchPipeline({
    source: o.train,
    augmentation: o.augmentation,
    rng: o.rng,
    worker: o.augmentOnWorker,
  });
  let next: PendingBatch = request(batches[0]);
  let lossSum = 0;
  for (let b = 0; b < batches.length; b++) {
    o.signal?.throwIfAborted();
    const x = await next.take();
    setLearningRate(learningRateAt(o, epoch - 1 + b / batches.length));
    const draws = preDrawn(o.rng, batches[b].length * dropoutWidth);
    if (b + 1 < batches.length) next = request(batches[b + 1]);
    lossSum += step(x, batches[b], draws);
    o.onProgress?.({
      kind: o.kind,
      phase: o.phase,
      epoch,
      epochs: o.epochs,
      batch: b + 1,
      batches: batches.length,
      loss: lossSum / (b + 1),
      metrics: {},
    });
    // Lets timers and I/O (progress writes, IPC) run between batches.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return { loss: lossSum / batches.length, batches: batches.length };
}

/** The learning rate `epochs` (fractional) into training: warm-up, then constant. */
export function learningRateAt(o: Pick<FitOptions, 'learningRate' | 'warmupEpochs'>, epochs: number): number {
  const warmup = o.warmupEpochs ?? 0;
  if (epochs >= warmup) return o.learningRate;
  return o.learningRate * (0.1 + (0.9 * epochs) / warmup);
}

/** Width of the features the head's dropout masks (0 without dropout: no draws). */
function dropoutWidth(model: tf.LayersModel, rate: number): number {
  if (rate <= 0) return 0;
  const shape = (model.getLayer(headLayerNames.dropout).input as tf.SymbolicTensor).shape;
  return shape.slice(1).reduce<number>((a, d) => a * (d ?? NaN), 1);
}

/**
 * Mini-batch training with Adam, seeded shuffling, augmentation and dropout masks; early
 * stopping on validation loss restores the best epoch's weights (BN statistics included).
 */
export async function fitClassifier(o: FitOptions): Promise<EpochRecord[]> {
  const parts = classifierParts(o.model);
  const optimizer = tf.train.adam(o.learningRate);
  // tfjs' Adam reads its (TS-protected) learningRate field at every step.
  const setLearningRate = (rate: number) => ((optimizer as unknown as { learningRate: number }).learningRate = rate);
  const variables = o.model.trainableWeights.map((w) => w.read() as tf.Variable);
  const step: Step = (x, idx, draws) => {
    try {
      const cost = optimizer.minimize(
        () => {
          const features = seededDropout(parts.embed(x, o.bnTraining), parts.dropoutRate, draws.next);
          return weightedCrossEntropy(
            parts.logits(features),
            idx.map((i) => o.train.labels[i]),
            o.classWeights,
          );
        },
        true,
        variables,
      )!;
      const value = cost.dataSync()[0];
      cost.dispose();
      if (draws.unused() > 0)
        throw new Error(`dropout left ${draws.unused()} of its draws: the rng sequence would shift`);
      return value;
    } finally {
      x.dispose();
    }
  };
  const width = dropoutWidth(o.model, parts.dropoutRate);
  const history: EpochRecord[] = [];
  const best = new BestWeights();
  if (o.keepStartIfBest) best.offer(validate(o).valLoss ?? NaN, o.model);
  try {
    for (let epoch = 1; epoch <= o.epochs && best.sinceBest < o.patience; epoch++) {
      const started = performance.now();
      const { loss, batches } = await runEpoch(o, step, width, epoch, setLearningRate);
      const trainSeconds = (performance.now() - started) / 1000;
      if (o.bnTraining) recalibrateBatchNorm(o.model, o.train, o.batchSize);
      const { valLoss, valAccuracy } = validate(o);
      o.onProgress?.({
        kind: o.kind,
        phase: o.phase,
        epoch,
        epochs: o.epochs,
        batch: batches,
        batches,
        loss,
        metrics: { valLoss: valLoss ?? undefined, valAccuracy: valAccuracy ?? undefined },
      });
      best.offer(valLoss ?? loss, o.model);
      history.push({
        phase: o.phase,
        epoch,
        loss,
        valLoss,
        valAccuracy,
        seconds: (performance.now() - started) / 1000,
        imagesPerSecond: o.train.labels.length / trainSeconds,
        numTensors: tf.memory().numTensors,
      });
    }
    best.restoreInto(o.model);
  } finally {
    best.dispose();
    optimizer.dispose();
  }
  return history;
}
