import { parseStoredMetrics, type ModelVersionView } from '@/lib/dashboard/model-versions';
import type { Db } from '@/server/store/handle';
import { findModelVersionsWithSnapshots, type ModelVersionFilter } from '@/server/store/models';

/** A project's model versions (optionally one), metrics parsed with their schema, oldest first. */
export async function listModelVersions(
  db: Db,
  projectId: string,
  where: ModelVersionFilter = {},
): Promise<ModelVersionView[]> {
  const rows = await findModelVersionsWithSnapshots(db, projectId, where);
  return rows.map((v) => {
    const { metrics, problem } = parseStoredMetrics(v.metrics);
    const s = v.labelSnapshot;
    return {
      id: v.id,
      kind: v.kind,
      version: v.version,
      state: v.state,
      active: v.active,
      pinned: v.pinned,
      backend: v.backend,
      hyperParams: v.hyperParams,
      labelCount: v.labelCount,
      trainingTimeMs: v.trainingTimeMs,
      createdAt: v.createdAt.toISOString(),
      finishedAt: v.finishedAt?.toISOString() ?? null,
      error: v.error,
      hasArtifact: v.artifactPath !== null,
      labelSnapshot: s
        ? {
            id: s.id,
            upToSeq: Number(s.upToSeq),
            itemCount: s.itemCount,
            rule: s.rule,
            createdAt: s.createdAt.toISOString(),
          }
        : null,
      metrics,
      metricsProblem: problem,
    };
  });
}
