import { fitStandardisedLogistic, standardisedLogits } from '@/lib/learn/choose-l2';
import { buildClassificationReport } from '@/lib/metrics/report';
import { createRng } from '@/lib/random';
import { stratifiedKFold } from '@/lib/learn/splits';
import type { FoldOutcome } from './summarise';

/** Inner folds that choose the baseline's L2 strength. */
export const baselineInnerFolds = 5;

/**
 * The bar every model is measured against: frozen pretrained features, standardised, and an
 * L2-regularised multinomial logistic regression whose strength is chosen by inner
 * cross-validation on the training rows alone. What a careful engineer gets in an afternoon.
 */
export function runBaselineFold(args: {
  labels: string[];
  normalLabels: string[];
  train: { rows: Float32Array[]; y: number[] };
  test: { rows: Float32Array[]; y: number[] };
  seed: number;
}): FoldOutcome & { l2: number } {
  const started = performance.now();
  const k = args.labels.length;
  const inner = stratifiedKFold(args.train.y, baselineInnerFolds, createRng(args.seed ^ 0xba5e));
  const fitted = fitStandardisedLogistic(args.train.rows, args.train.y, k, inner);
  const trainSeconds = (performance.now() - started) / 1000;
  const report = buildClassificationReport({
    labels: args.labels,
    normalLabels: args.normalLabels,
    yTrue: args.test.y,
    logits: standardisedLogits(fitted, args.test.rows),
    temperature: 1,
  });
  return {
    report,
    trainSeconds,
    trainImagesPerSecond: args.train.rows.length / Math.max(trainSeconds, 1e-9),
    epochs: 0,
    l2: fitted.choice.l2,
  };
}
