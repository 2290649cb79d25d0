import type { ClassificationReport } from '@/lib/metrics/report';

export interface RocCurve {
  label: string;
  auc: number | null;
  points: { fpr: number; tpr: number }[];
  /** Points stored for this class (the chart and table show at most maxPoints of them). */
  storedPoints: number;
}

/** One-vs-rest ROC curves of a report, thinned evenly to at most maxPoints (first and last kept). */
export function rocCurves(report: ClassificationReport, maxPoints = 101): RocCurve[] {
  return report.roc.map((curve) => {
    const n = curve.fpr.length;
    const keep = n <= maxPoints ? curve.fpr.map((_, i) => i) : evenIndices(n, maxPoints);
    return {
      label: curve.label,
      auc: report.perClass.find((c) => c.label === curve.label)?.auc ?? null,
      points: keep.map((i) => ({ fpr: curve.fpr[i], tpr: curve.tpr[i] })),
      storedPoints: n,
    };
  });
}

function evenIndices(n: number, count: number): number[] {
  const out = new Set<number>();
  for (let j = 0; j < count; j++) out.add(Math.round((j * (n - 1)) / (count - 1)));
  return [...out];
}
