import type * as tf from '@tensorflow/tfjs';
import { chooseTemperature } from '@/lib/metrics/calibration';
import { buildClassificationReport, type ClassificationReport } from '@/lib/metrics/report';
import type { ModelCard } from '@/lib/models/model-card';
import { imageSource } from './data/image-source';
import type { LabelledImage } from './data/types';
import { predictLogits } from './train/predict-logits';

/** A trained model with its card: what loadArtifact returns and trainModel produces. */
export interface Classifier {
  model: tf.LayersModel;
  card: ModelCard;
}

export interface SplitLogits {
  logits: number[][];
  yTrue: number[];
}

/**
 * Fits the temperature on the calibration logits (held out from training and from early
 * stopping; the validation logits when there are none), keeps it only when it lowers ECE
 * there, then reports validation and (held-out) test with ECE before and after scaling.
 */
export function evaluateSplits(args: {
  labels: string[];
  normalLabels: string[];
  validation: SplitLogits;
  calibration?: SplitLogits;
  test?: SplitLogits;
}): { temperature: number; validation: ClassificationReport; test?: ClassificationReport } {
  const fitOn = args.calibration?.logits.length ? args.calibration : args.validation;
  const { temperature } = chooseTemperature(fitOn.logits, fitOn.yTrue);
  const report = (s: SplitLogits) =>
    buildClassificationReport({
      labels: args.labels,
      normalLabels: args.normalLabels,
      yTrue: s.yTrue,
      logits: s.logits,
      temperature,
    });
  return { temperature, validation: report(args.validation), test: args.test && report(args.test) };
}

/** Every metric of a trained classifier on new labelled images (labels index card.labels), at its fitted temperature. */
export function evaluate(classifier: Classifier, images: readonly LabelledImage[]): ClassificationReport {
  const { card } = classifier;
  const source = imageSource(images, {
    imageSize: card.preprocessing.imageSize,
    inputMode: card.preprocessing.inputMode,
  });
  return buildClassificationReport({
    labels: card.labels,
    normalLabels: card.normalLabels,
    yTrue: source.labels,
    logits: predictLogits(classifier.model, source),
    temperature: card.temperature,
  });
}
