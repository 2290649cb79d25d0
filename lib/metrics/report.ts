import { z } from 'zod';
import { defaultEceBins, expectedCalibrationError, negativeLogLikelihood, softmax } from './calibration';
import { classificationScores } from './classification';
import { argmaxRows, confusionMatrix } from './confusion-matrix';
import { lesionSensitivity } from './lesion';
import { rocAucOneVsRest } from './roc-auc';

const unit = z.number().min(0).max(1);

export const calibrationBinSchema = z.object({
  lower: unit,
  upper: unit,
  count: z.number().int(),
  confidence: unit,
  accuracy: unit,
});

/** Everything stored on a model version about one evaluation split (JSON-safe: no Infinity). */
export const classificationReportSchema = z.object({
  labels: z.array(z.string()),
  count: z.number().int(),
  accuracy: unit,
  macroPrecision: unit,
  macroRecall: unit,
  macroF1: unit,
  macroAuc: unit.nullable(),
  perClass: z.array(
    z.object({
      label: z.string(),
      precision: unit,
      recall: unit,
      f1: unit,
      support: z.number().int(),
      auc: unit.nullable(),
    }),
  ),
  roc: z.array(z.object({ label: z.string(), fpr: z.array(unit), tpr: z.array(unit) })),
  confusionMatrix: z.array(z.array(z.number().int())),
  lesion: z.object({
    normalLabels: z.array(z.string()),
    perClass: z.array(
      z.object({ label: z.string(), sensitivity: unit, count: z.number().int(), calledNormal: z.number().int() }),
    ),
    lesionCount: z.number().int(),
    lesionsCalledNormal: z.number().int(),
    detectionSensitivity: unit.nullable(),
  }),
  calibration: z.object({
    binCount: z.number().int(),
    temperature: z.number().positive(),
    eceBefore: unit,
    eceAfter: unit,
    nllBefore: z.number(),
    nllAfter: z.number(),
    binsAfter: z.array(calibrationBinSchema),
  }),
});

export type ClassificationReport = z.infer<typeof classificationReportSchema>;

export interface ReportInput {
  labels: readonly string[];
  yTrue: readonly number[];
  /** Raw model logits, one row per example. */
  logits: readonly (readonly number[])[];
  /** Fitted on validation data (fitTemperature); 1 = uncalibrated. */
  temperature: number;
  normalLabels: readonly string[];
  eceBins?: number;
}

/** Every evaluation metric of the studies for one split; probabilities are temperature-scaled. */
export function buildClassificationReport(input: ReportInput): ClassificationReport {
  const { labels, yTrue, logits, temperature } = input;
  const k = labels.length;
  const binCount = input.eceBins ?? defaultEceBins;
  const raw = logits.map((z) => softmax(z));
  const calibrated = logits.map((z) => softmax(z, temperature));
  const matrix = confusionMatrix(yTrue, argmaxRows(raw), k);
  const scores = classificationScores(matrix);
  const auc = rocAucOneVsRest(yTrue, calibrated, k);
  const after = expectedCalibrationError(calibrated, yTrue, binCount);
  return {
    labels: [...labels],
    count: yTrue.length,
    accuracy: scores.accuracy,
    macroPrecision: scores.macroPrecision,
    macroRecall: scores.macroRecall,
    macroF1: scores.macroF1,
    macroAuc: auc.macroAuc,
    perClass: scores.perClass.map((s, c) => ({ label: labels[c], ...s, auc: auc.perClass[c].auc })),
    roc: auc.perClass.map((r, c) => ({
      label: labels[c],
      fpr: r.points.map((p) => p.fpr),
      tpr: r.points.map((p) => p.tpr),
    })),
    confusionMatrix: matrix,
    lesion: { normalLabels: [...input.normalLabels], ...lesionSensitivity(matrix, labels, input.normalLabels) },
    calibration: {
      binCount,
      temperature,
      eceBefore: expectedCalibrationError(raw, yTrue, binCount).ece,
      eceAfter: after.ece,
      nllBefore: negativeLogLikelihood(logits, yTrue, 1),
      nllAfter: negativeLogLikelihood(logits, yTrue, temperature),
      binsAfter: after.bins,
    },
  };
}
