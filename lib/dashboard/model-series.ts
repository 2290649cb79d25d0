import type { ModelKind } from '@/lib/schemas/project';
import {
  evaluationOf,
  versionsOfKind,
  type EvaluationSplit,
  type ModelState,
  type ModelVersionView,
} from './model-versions';

/** One version on a learning-progress chart: null metrics when it has none (training, failed). */
export interface VersionPoint {
  id: string;
  version: number;
  labelCount: number;
  state: ModelState;
  active: boolean;
  split: EvaluationSplit | null;
  accuracy: number | null;
  macroF1: number | null;
  /** Lesions called any lesion class over all lesions (abnormal vs normal). */
  lesionSensitivity: number | null;
  lesionsCalledNormal: number | null;
  macroAuc: number | null;
  /** Expected calibration error after temperature scaling (what the app shows as probabilities). */
  ece: number | null;
  eceBefore: number | null;
}

export function versionPoint(v: ModelVersionView): VersionPoint {
  const evaluation = evaluationOf(v.metrics);
  const r = evaluation?.report;
  return {
    id: v.id,
    version: v.version,
    labelCount: v.labelCount,
    state: v.state,
    active: v.active,
    split: evaluation?.split ?? null,
    accuracy: r?.accuracy ?? null,
    macroF1: r?.macroF1 ?? null,
    lesionSensitivity: r?.lesion.detectionSensitivity ?? null,
    lesionsCalledNormal: r?.lesion.lesionsCalledNormal ?? null,
    macroAuc: r?.macroAuc ?? null,
    ece: r?.calibration.eceAfter ?? null,
    eceBefore: r?.calibration.eceBefore ?? null,
  };
}

export interface KindSeries {
  kind: ModelKind;
  points: VersionPoint[];
}

/** Metrics across versions, per model kind, in version order. */
export function seriesByKind(versions: readonly ModelVersionView[], kinds: readonly ModelKind[]): KindSeries[] {
  return kinds.map((kind) => ({ kind, points: versionsOfKind(versions, kind).map(versionPoint) }));
}

/** The metrics charted against labels, with how to read them. */
export const trendMetrics = [
  { key: 'accuracy', name: 'Accuracy', higherIsBetter: true },
  { key: 'macroF1', name: 'Macro F1', higherIsBetter: true },
  { key: 'lesionSensitivity', name: 'Lesion sensitivity', higherIsBetter: true },
  { key: 'macroAuc', name: 'Macro AUC', higherIsBetter: true },
  { key: 'ece', name: 'ECE', higherIsBetter: false },
] as const satisfies readonly { key: keyof VersionPoint; name: string; higherIsBetter: boolean }[];

export type TrendMetricKey = (typeof trendMetrics)[number]['key'];
