import type { ClassificationReport } from '@/lib/metrics/report';
import type { ModelVersionView } from '@/lib/dashboard/model-versions';
import type { MetricsExport } from '@/server/use-cases/export-metrics';
import { toCsv, type CsvValue } from './csv';

const versionColumns = [
  'version_id',
  'kind',
  'version',
  'state',
  'active',
  'pinned',
  'backend',
  'label_count',
  'label_snapshot_id',
  'training_time_ms',
  'created_at',
  'finished_at',
  'train_images_per_second',
  'infer_images_per_second',
] as const;

const reportColumns = [
  'split',
  'count',
  'accuracy',
  'macro_precision',
  'macro_recall',
  'macro_f1',
  'macro_auc',
  'lesion_detection_sensitivity',
  'lesion_count',
  'lesions_called_normal',
  'ece_before',
  'ece_after',
  'temperature',
  'nll_before',
  'nll_after',
] as const;

export const perClassMetrics = ['precision', 'recall', 'f1', 'auc', 'support'] as const;

/** Per-class columns are named `<metric>:<label>`, e.g. `f1:hemorrhage`. */
function metricsCsvColumns(labels: readonly string[]): string[] {
  return [...versionColumns, ...reportColumns, ...labels.flatMap((l) => perClassMetrics.map((m) => `${m}:${l}`))];
}

/** One line per version and evaluation split (validation, test); a version without metrics is one line with its state. */
export function metricsToCsv(exp: MetricsExport): string {
  const labels = [
    ...new Set([...exp.project.labels, ...exp.versions.flatMap((v) => v.metrics?.validation.labels ?? [])]),
  ];
  const rows: Record<string, CsvValue>[] = [];
  for (const v of exp.versions) {
    const base = versionCells(v);
    const reports: [string, ClassificationReport][] = [];
    if (v.metrics) reports.push(['validation', v.metrics.validation]);
    if (v.metrics?.test) reports.push(['test', v.metrics.test]);
    if (reports.length === 0) rows.push(base);
    for (const [split, report] of reports) rows.push({ ...base, ...reportCells(split, report) });
  }
  return toCsv(metricsCsvColumns(labels), rows);
}

function versionCells(v: ModelVersionView): Record<string, CsvValue> {
  return {
    version_id: v.id,
    kind: v.kind,
    version: v.version,
    state: v.state,
    active: v.active,
    pinned: v.pinned,
    backend: v.backend,
    label_count: v.labelCount,
    label_snapshot_id: v.labelSnapshot?.id,
    training_time_ms: v.trainingTimeMs,
    created_at: v.createdAt,
    finished_at: v.finishedAt,
    train_images_per_second: v.metrics?.trainImagesPerSecond,
    infer_images_per_second: v.metrics?.inferImagesPerSecond,
  };
}

function reportCells(split: string, r: ClassificationReport): Record<string, CsvValue> {
  const cells: Record<string, CsvValue> = {
    split,
    count: r.count,
    accuracy: r.accuracy,
    macro_precision: r.macroPrecision,
    macro_recall: r.macroRecall,
    macro_f1: r.macroF1,
    macro_auc: r.macroAuc,
    lesion_detection_sensitivity: r.lesion.detectionSensitivity,
    lesion_count: r.lesion.lesionCount,
    lesions_called_normal: r.lesion.lesionsCalledNormal,
    ece_before: r.calibration.eceBefore,
    ece_after: r.calibration.eceAfter,
    temperature: r.calibration.temperature,
    nll_before: r.calibration.nllBefore,
    nll_after: r.calibration.nllAfter,
  };
  for (const c of r.perClass) for (const m of perClassMetrics) cells[`${m}:${c.label}`] = c[m];
  return cells;
}
