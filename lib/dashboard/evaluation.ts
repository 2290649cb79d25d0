import type { ModelKind } from '@/lib/schemas/project';
import { activeVersion, evaluationOf, type EvaluationSplit, type ModelVersionView } from './model-versions';
import { rocCurves, type RocCurve } from './roc';

/** The active version of one kind in detail: its confusion matrix and ROC curves. */
export interface ActiveEvaluation {
  kind: ModelKind;
  versionId: string;
  version: number;
  split: EvaluationSplit;
  count: number;
  labels: string[];
  /** Rows: reference label; columns: predicted label. */
  confusionMatrix: number[][];
  roc: RocCurve[];
}

/** The kind asked for, else the first kind (in order) whose active version has an evaluation. */
export function activeEvaluation(
  versions: readonly ModelVersionView[],
  kinds: readonly ModelKind[],
  wanted?: ModelKind,
): ActiveEvaluation | null {
  for (const kind of wanted ? [wanted] : kinds) {
    const active = activeVersion(versions, kind);
    const evaluation = active ? evaluationOf(active.metrics) : null;
    if (!active || !evaluation) continue;
    const r = evaluation.report;
    return {
      kind,
      versionId: active.id,
      version: active.version,
      split: evaluation.split,
      count: r.count,
      labels: r.labels,
      confusionMatrix: r.confusionMatrix,
      roc: rocCurves(r),
    };
  }
  return null;
}
