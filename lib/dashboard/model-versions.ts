import type { ClassificationReport } from '@/lib/metrics/report';
import { modelVersionMetricsSchema, type ModelVersionMetrics } from '@/lib/registry/model-metrics';
import type { ModelKind } from '@/lib/schemas/project';

export type ModelState = 'TRAINING' | 'READY' | 'FAILED' | 'ARCHIVED';

/** A model version as dashboards and exports see it: JSON-safe, metrics parsed (or why not). */
export interface ModelVersionView {
  id: string;
  kind: ModelKind;
  version: number;
  state: ModelState;
  active: boolean;
  pinned: boolean;
  backend: string;
  hyperParams: unknown;
  labelCount: number;
  trainingTimeMs: number | null;
  createdAt: string;
  finishedAt: string | null;
  error: string | null;
  /** The trainer wrote a tfjs artifact for it (exportable). */
  hasArtifact: boolean;
  labelSnapshot: { id: string; upToSeq: number; itemCount: number; rule: string; createdAt: string } | null;
  metrics: ModelVersionMetrics | null;
  /** Set when metrics are stored but do not match modelVersionMetricsSchema. */
  metricsProblem: string | null;
}

/** Stored ModelVersion.metrics through its schema: a version still training has none. */
export function parseStoredMetrics(json: unknown): { metrics: ModelVersionMetrics | null; problem: string | null } {
  if (json === null || json === undefined) return { metrics: null, problem: null };
  const parsed = modelVersionMetricsSchema.safeParse(json);
  if (parsed.success) return { metrics: parsed.data, problem: null };
  const first = parsed.error.issues[0];
  return { metrics: null, problem: `${first?.path.join('.') || 'metrics'}: ${first?.message ?? 'invalid'}` };
}

export type EvaluationSplit = 'test' | 'validation';

/** The held-out report the dashboards show: the test split when there is one, else validation. */
export function evaluationOf(
  metrics: ModelVersionMetrics | null,
): { split: EvaluationSplit; report: ClassificationReport } | null {
  if (!metrics) return null;
  return metrics.test ? { split: 'test', report: metrics.test } : { split: 'validation', report: metrics.validation };
}

/** The Scan.split an evaluation split was drawn from. */
export const scanSplitOf: Record<EvaluationSplit, 'TEST' | 'VALIDATION'> = { test: 'TEST', validation: 'VALIDATION' };

/** Versions of one kind, oldest first. */
export function versionsOfKind(versions: readonly ModelVersionView[], kind: ModelKind): ModelVersionView[] {
  return versions.filter((v) => v.kind === kind).sort((a, b) => a.version - b.version);
}

export function activeVersion(versions: readonly ModelVersionView[], kind: ModelKind): ModelVersionView | null {
  return versions.find((v) => v.kind === kind && v.active) ?? null;
}
