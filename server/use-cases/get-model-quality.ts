import { comparisonRows, type ComparisonRow } from '@/lib/dashboard/comparison';
import { headlineFor, type KindHeadline } from '@/lib/dashboard/headline';
import { seriesByKind, type KindSeries } from '@/lib/dashboard/model-series';
import type { ModelVersionView } from '@/lib/dashboard/model-versions';
import { modelKindSchema, type ModelKind } from '@/lib/schemas/project';
import type { Db } from '@/server/db/client';
import { listModelVersions } from './list-model-versions';

export interface ModelQuality {
  /** The project's model kinds, plus any kind that has versions, in canonical order. */
  kinds: ModelKind[];
  versions: ModelVersionView[];
  headlines: KindHeadline[];
  series: KindSeries[];
  comparison: ComparisonRow[];
}

/** Are the models getting better? Every version's metrics, per kind, and the active ones side by side. */
export async function getModelQuality(db: Db, project: { id: string; modelKinds: ModelKind[] }): Promise<ModelQuality> {
  const versions = await listModelVersions(db, project.id);
  const present = new Set<ModelKind>([...project.modelKinds, ...versions.map((v) => v.kind)]);
  const kinds = modelKindSchema.options.filter((k) => present.has(k));
  return {
    kinds,
    versions,
    headlines: kinds.map((k) => headlineFor(versions, k)),
    series: seriesByKind(versions, kinds),
    comparison: comparisonRows(versions, kinds),
  };
}
