import type { ClassificationReport } from '@/lib/metrics/report';

export interface FoldOutcome {
  report: ClassificationReport;
  trainSeconds: number;
  trainImagesPerSecond: number;
  epochs: number;
}

/** Metric name -> value per fold, in display order: every number the studies compare. */
export function metricColumns(folds: readonly FoldOutcome[], labels: readonly string[]): [string, number[]][] {
  const r = folds.map((f) => f.report);
  const pick = (f: (x: ClassificationReport) => number | null) => r.map((x) => f(x) ?? NaN);
  const rows: [string, number[]][] = [
    ['accuracy', pick((x) => x.accuracy)],
    ['macro F1', pick((x) => x.macroF1)],
    ['macro precision', pick((x) => x.macroPrecision)],
    ['macro recall', pick((x) => x.macroRecall)],
    ['macro ROC AUC', pick((x) => x.macroAuc)],
  ];
  labels.forEach((label, c) => {
    rows.push([`${label} precision`, pick((x) => x.perClass[c].precision)]);
    rows.push([`${label} recall`, pick((x) => x.perClass[c].recall)]);
    rows.push([`${label} F1`, pick((x) => x.perClass[c].f1)]);
    rows.push([`${label} AUC`, pick((x) => x.perClass[c].auc)]);
  });
  rows.push(
    ['lesion detection sensitivity', pick((x) => x.lesion.detectionSensitivity)],
    ['lesions called normal', pick((x) => x.lesion.lesionsCalledNormal)],
    ['ECE before scaling', pick((x) => x.calibration.eceBefore)],
    ['ECE after scaling', pick((x) => x.calibration.eceAfter)],
    ['temperature', pick((x) => x.calibration.temperature)],
    ['training time (s)', folds.map((f) => f.trainSeconds)],
    ['training images/s', folds.map((f) => f.trainImagesPerSecond)],
    ['epochs', folds.map((f) => f.epochs)],
  );
  return rows;
}

/** Element-wise sum of the folds' confusion matrices (each example is tested once). */
export function summedConfusion(folds: readonly FoldOutcome[]): number[][] {
  const k = folds[0]?.report.confusionMatrix.length ?? 0;
  const out = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (const f of folds) f.report.confusionMatrix.forEach((row, i) => row.forEach((v, j) => (out[i][j] += v)));
  return out;
}
