import * as tf from '@tensorflow/tfjs';
import { fitStandardisedLogistic, standardisedLogits } from '@/lib/learn/choose-l2';
import { negativeLogLikelihood } from '@/lib/metrics/calibration';
import type { RowHelper } from '@/lib/learn/logistic-regression';
import { headLayerNames } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import { stratifiedKFold } from '@/lib/learn/splits';
import type { EpochRecord } from '@/trainer/train/types';

export interface LogisticHeadResult {
  l2: number;
  record: EpochRecord;
  /**
   * Logits of each training scan (as prepared, view 0) from the inner fold that held it out:
   * honest predictions of scans the head also trained on, for validation and the temperature.
   */
  outOfFold: number[][];
}

/**
 * The ResNet50 head as a standardised, L2-regularised logistic regression on frozen avg_pool
 * features, its strength chosen by 5-fold CV on the training scans (every view of a scan in the
 * same fold), then folded into the head's logits layer: W / scale and b - sum(mean / scale * W).
 * Deterministic and exact where a dense head trained by Adam on unscaled features is neither.
 * Without a validation set it reports the inner folds' held-out predictions instead.
 */
export function fitLogisticHead(o: {
  head: tf.LayersModel;
  /** Training features per view ([view][scan]); view 0 is the scan as prepared. */
  train: Float32Array[][];
  labels: number[];
  validation: { rows: Float32Array[]; labels: number[] };
  classCount: number;
  seed: number;
  /** Computes half of each fit's rows on another thread (trainer/learn/row-helper.ts). */
  helper?: RowHelper;
}): LogisticHeadResult {
  const started = performance.now();
  const n = o.labels.length;
  const rows = o.train.flat();
  const y = o.train.flatMap(() => o.labels);
  const scanFolds = stratifiedKFold(o.labels, Math.min(5, Math.max(2, minClassCount(o.labels))), createRng(o.seed));
  const folds = scanFolds.map((f) => o.train.flatMap((_, v) => f.map((i) => v * n + i)));
  const fitted = fitStandardisedLogistic(rows, y, o.classCount, folds, { helper: o.helper });
  const { standardiser: s, model: m } = fitted;
  const d = m.features;
  const kernel = new Float32Array(d * o.classCount);
  const bias = Float32Array.from(m.bias);
  for (let j = 0; j < d; j++) {
    for (let c = 0; c < o.classCount; c++) {
      const w = m.weights[j * o.classCount + c] / s.scale[j];
      kernel[j * o.classCount + c] = w;
      bias[c] -= s.mean[j] * w;
    }
  }
  const logitsLayer = o.head.getLayer(headLayerNames.logits);
  tf.tidy(() => logitsLayer.setWeights([tf.tensor2d(kernel, [d, o.classCount]), tf.tensor1d(bias)]));
  const trainLoss = negativeLogLikelihood(standardisedLogits(fitted, o.train[0]), o.labels);
  // Every scan's views share a fold, so each view-0 row was held out once.
  const outOfFold = fitted.outOfFold.slice(0, n).map((z) => z!);
  const validation = o.validation.rows.length
    ? { logits: standardisedLogits(fitted, o.validation.rows), labels: o.validation.labels }
    : { logits: outOfFold, labels: o.labels };
  const valLogits = validation.logits;
  const hits = valLogits.filter((z, i) => z.indexOf(Math.max(...z)) === validation.labels[i]).length;
  const seconds = (performance.now() - started) / 1000;
  return {
    l2: fitted.choice.l2,
    record: {
      phase: 'head',
      epoch: 1,
      loss: trainLoss,
      valLoss: valLogits.length ? negativeLogLikelihood(valLogits, validation.labels) : null,
      valAccuracy: valLogits.length ? hits / valLogits.length : null,
      seconds,
      imagesPerSecond: rows.length / Math.max(seconds, 1e-9),
      numTensors: tf.memory().numTensors,
    },
    outOfFold,
  };
}

function minClassCount(labels: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const y of labels) counts.set(y, (counts.get(y) ?? 0) + 1);
  return Math.min(...counts.values());
}
