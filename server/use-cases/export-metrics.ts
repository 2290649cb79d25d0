import type { ModelVersionView } from '@/lib/dashboard/model-versions';
import type { Db } from '@/server/store/handle';
import type { Project } from '@/server/store/models';
import { listModelVersions } from './list-model-versions';

export interface MetricsExport {
  format: 'neuroloop.metrics/1';
  exportedAt: string;
  project: { slug: string; labels: string[]; normalLabels: string[] };
  versions: ModelVersionView[];
}

/** Every model version with its stored metrics (validation and test reports, learning curves). */
export async function exportMetrics(
  db: Db,
  project: Pick<Project, 'id' | 'slug' | 'labels' | 'normalLabels'>,
  now = new Date(),
): Promise<MetricsExport> {
  return {
    format: 'neuroloop.metrics/1',
    exportedAt: now.toISOString(),
    project: { slug: project.slug, labels: project.labels, normalLabels: project.normalLabels },
    versions: await listModelVersions(db, project.id),
  };
}
