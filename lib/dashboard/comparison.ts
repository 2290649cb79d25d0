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
