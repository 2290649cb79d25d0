import { evaluationOf, scanSplitOf, type EvaluationSplit } from '@/lib/dashboard/model-versions';
import type { TrainingRule } from '@/lib/agreement/training-label';
import { AppError } from '@/lib/errors/app-error';
import { argmaxRows } from '@/lib/metrics/confusion-matrix';
import type { ModelKind } from '@/lib/schemas/project';
import type { Db } from '@/server/store/handle';
import { hasEvaluatedScans, listEvaluatedCellScans, listVersionPredictionsInSplit } from '@/server/store/project-views';
import { getScanReferences, type ReferenceProject } from './get-scan-references';
import { listModelVersions } from './list-model-versions';

export interface ConfusionCellScan {
  id: string;
  originalName: string;
  modality: string;
  /** The version's probabilities, in the project's label order; null when it stored none for the scan. */
  probabilities: number[] | null;
  referenceRule: TrainingRule | null;
}

export interface ConfusionCell {
  version: { id: string; kind: ModelKind; version: number; active: boolean };
  split: EvaluationSplit;
  /** The evaluation's label order (its matrix's rows and columns). */
  labels: string[];
  trueLabel: string;
  predLabel: string;
  /** The count the stored evaluation holds for this cell (labels may have changed since). */
  storedCount: number;
  /**
   * evaluated: the scans the version was evaluated on in this cell, as recorded then (EvaluatedScan);
   * recomputed: for a version trained before those were recorded, today's reference labels of the
   * scans in the split against the version's stored predictions.
   */
  source: 'evaluated' | 'recomputed';
  scans: ConfusionCellScan[];
}

/**
 * The scans behind one cell of a version's confusion matrix: those the version was evaluated
 * on (its evaluation split: test, else validation) with reference `trueLabel` and prediction
 * `predLabel`, as recorded at evaluation. A version trained before evaluations were recorded
 * has its cell recomputed from the store: its predictions on the scans of that split whose most
 * probable label is `predLabel`, for scans whose reference label (adjudicated > consensus) is
 * `trueLabel`.
 */
export async function getConfusionCellScans(
  db: Db,
  project: ReferenceProject,
  args: { versionId: string; trueLabel: string; predLabel: string },
): Promise<ConfusionCell> {
  const [version] = await listModelVersions(db, project.id, { id: args.versionId });
  if (!version) throw new AppError({ code: 'NOT_FOUND', message: 'No such model version in this project.' });
  const evaluation = evaluationOf(version.metrics);
  if (!evaluation) {
    throw new AppError({
      code: 'CONFLICT',
      message: `${version.kind} v${version.version} has no evaluation yet (${version.state}).`,
    });
  }
  const labels = evaluation.report.labels;
  const t = labels.indexOf(args.trueLabel);
  const p = labels.indexOf(args.predLabel);
  if (t < 0 || p < 0)
    throw new AppError({ code: 'BAD_REQUEST', message: `Labels must be among: ${labels.join(', ')}.` });
  const head = {
    version: { id: version.id, kind: version.kind, version: version.version, active: version.active },
    split: evaluation.split,
    labels,
    trueLabel: args.trueLabel,
    predLabel: args.predLabel,
    storedCount: evaluation.report.confusionMatrix[t]?.[p] ?? 0,
  };
  const evaluatedSplit = scanSplitOf[evaluation.split];
  if (await hasEvaluatedScans(db, version.id, evaluatedSplit)) {
    const [rows, refs] = await Promise.all([
      listEvaluatedCellScans(db, {
        modelVersionId: version.id,
        split: evaluatedSplit,
        trueLabel: args.trueLabel,
        predictedLabel: args.predLabel,
      }),
      getScanReferences(db, project),
    ]);
    const scans = rows
      .map(({ scan: { predictions, ...scan } }) => ({
        ...scan,
        probabilities: predictions[0]?.probabilities ?? null,
        referenceRule: refs.byScan.get(scan.id)?.rule ?? null,
      }))
      .sort(byName);
    return { ...head, source: 'evaluated', scans };
  }
  const [predictions, refs] = await Promise.all([
    listVersionPredictionsInSplit(db, version.id, scanSplitOf[evaluation.split]),
    getScanReferences(db, project),
  ]);
  const predicted = argmaxRows(predictions.map((x) => x.probabilities));
  const scans = predictions
    // Probabilities follow the project's label order (the report's labels may be ordered otherwise).
    .filter(
      (x, i) => project.labels[predicted[i]] === args.predLabel && refs.byScan.get(x.scan.id)?.label === args.trueLabel,
    )
    .map((x) => ({
      ...x.scan,
      probabilities: x.probabilities,
      referenceRule: refs.byScan.get(x.scan.id)?.rule ?? null,
    }))
    .sort(byName);
  return { ...head, source: 'recomputed', scans };
}

const byName = (a: { originalName: string }, b: { originalName: string }) =>
  a.originalName.localeCompare(b.originalName, 'en', { numeric: true });
