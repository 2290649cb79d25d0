import type { JobBaseline } from '@/lib/registry/job-baseline';
import type { ModelKind } from '@/lib/schemas/project';
import { versionPoint, type VersionPoint } from './model-series';
import { versionsOfKind, type ModelVersionView } from './model-versions';

/** One model family in the side-by-side comparison: its active version, else its newest with metrics. */
export interface ComparisonRow extends VersionPoint {
  kind: ModelKind;
  backend: string;
  trainingTimeMs: number | null;
  trainImagesPerSecond: number | null;
  inferImagesPerSecond: number | null;
}

export function comparisonRows(versions: readonly ModelVersionView[], kinds: readonly ModelKind[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  for (const kind of kinds) {
    const ofKind = versionsOfKind(versions, kind);
    const chosen = ofKind.find((v) => v.active) ?? [...ofKind].reverse().find((v) => v.metrics !== null);
    if (!chosen) continue;
    rows.push({
      ...versionPoint(chosen),
      kind,
      backend: chosen.backend,
      trainingTimeMs: chosen.trainingTimeMs,
      trainImagesPerSecond: chosen.metrics?.trainImagesPerSecond ?? null,
      inferImagesPerSecond: chosen.metrics?.inferImagesPerSecond ?? null,
    });
  }
  return rows;
}

/** The baseline in the same comparison: what the newest training job that measured one scored. */
export interface BaselineRow extends Pick<
  ComparisonRow,
  | 'split'
  | 'accuracy'
  | 'macroF1'
  | 'lesionSensitivity'
  | 'lesionsCalledNormal'
  | 'macroAuc'
  | 'ece'
  | 'labelCount'
  | 'backend'
  | 'trainingTimeMs'
  | 'trainImagesPerSecond'
  | 'inferImagesPerSecond'
> {
  kind: 'baseline';
  trainingJobId: string;
  /** When the job that measured it finished (ISO), if it has. */
  measuredAt: string | null;
  l2: number;
  /** Scans it was evaluated on. */
  evaluatedCount: number;
}

export function baselineRow(job: { id: string; finishedAt: Date | null }, b: JobBaseline): BaselineRow {
  const r = b.report;
  const seconds = b.featureSeconds + b.fitSeconds;
  return {
    kind: 'baseline',
    trainingJobId: job.id,
    measuredAt: job.finishedAt?.toISOString() ?? null,
    split: b.split,
    accuracy: r.accuracy,
    macroF1: r.macroF1,
    lesionSensitivity: r.lesion.detectionSensitivity,
    lesionsCalledNormal: r.lesion.lesionsCalledNormal,
    macroAuc: r.macroAuc,
    ece: r.calibration.eceAfter,
    labelCount: b.trainCount,
    backend: b.backend,
    trainingTimeMs: Math.round(seconds * 1000),
    trainImagesPerSecond: seconds > 0 ? b.trainCount / seconds : null,
    inferImagesPerSecond: null,
    l2: b.l2,
    evaluatedCount: r.count,
  };
}
