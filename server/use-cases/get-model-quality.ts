import { baselineRow, comparisonRows, type BaselineRow, type ComparisonRow } from '@/lib/dashboard/comparison';
import { headlineFor, type KindHeadline } from '@/lib/dashboard/headline';
import { seriesByKind, type KindSeries } from '@/lib/dashboard/model-series';
import type { ModelVersionView } from '@/lib/dashboard/model-versions';
import { modelKindSchema, type ModelKind } from '@/lib/schemas/project';
import { jobBaselineSchema } from '@/lib/registry/job-baseline';
import type { Db } from '@/server/db/client';
import { findLatestTrainingJobBaseline } from '@/server/store/training-jobs';
import { listModelVersions } from './list-model-versions';

export interface ModelQuality {
  /** The project's model kinds, plus any kind that has versions, in canonical order. */
  kinds: ModelKind[];
  versions: ModelVersionView[];
  headlines: KindHeadline[];
  series: KindSeries[];
  comparison: ComparisonRow[];
  /** The newest training job's baseline, shown beside the models; null until one is measured. */
  baseline: BaselineRow | null;
}

/** Are the models getting better? Every version's metrics, per kind, and the active ones side by side. */
export async function getModelQuality(db: Db, project: { id: string; modelKinds: ModelKind[] }): Promise<ModelQuality> {
  const [versions, job] = await Promise.all([
    listModelVersions(db, project.id),
    findLatestTrainingJobBaseline(db, project.id),
  ]);
  const stored = job ? jobBaselineSchema.safeParse(job.baseline) : null;
  const present = new Set<ModelKind>([...project.modelKinds, ...versions.map((v) => v.kind)]);
  const kinds = modelKindSchema.options.filter((k) => present.has(k));
  return {
    kinds,
    versions,
    headlines: kinds.map((k) => headlineFor(versions, k)),
    series: seriesByKind(versions, kinds),
    comparison: comparisonRows(versions, kinds),
    baseline: job && stored?.success ? baselineRow(job, stored.data) : null,
  };
}
