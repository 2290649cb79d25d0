import { inTransaction, type Db } from '@/server/store/handle';
import {
  failModelVersions,
  findJobModelVersionsSince,
  findReadyModelVersionsOfKind,
  setModelVersionActive,
} from '@/server/store/models';

/**
 * The model versions an attempt of a training job registered before it failed. Its retry trains
 * them again, so they would linger as orphans: they are marked FAILED with the reason and never
 * stay active; a kind whose active version was one of them gets its best remaining READY
 * version (by validation macro F1) back. Returns their artifact paths, for the caller to remove.
 */
export async function retireAttemptVersions(
  db: Db,
  job: { id: string; startedAt: Date | null },
  reason: string,
): Promise<string[]> {
  if (!job.startedAt) return [];
  const startedAt = job.startedAt;
  return inTransaction(db, async (tx) => {
    const orphans = await findJobModelVersionsSince(tx, job.id, startedAt);
    if (orphans.length === 0) return [];
    await failModelVersions(
      tx,
      orphans.map((o) => o.id),
      `its training attempt failed: ${reason}`,
    );
    for (const o of orphans.filter((v) => v.active)) {
      const candidates = await findReadyModelVersionsOfKind(tx, o.projectId, o.kind);
      const f1 = (m: unknown) => (m as { validation?: { macroF1?: number } } | null)?.validation?.macroF1 ?? -1;
      const best = candidates.sort((a, b) => f1(b.metrics) - f1(a.metrics) || b.version - a.version)[0];
      if (best) await setModelVersionActive(tx, best.id, true);
    }
    return orphans.flatMap((o) => (o.artifactPath ? [o.artifactPath] : []));
  });
}
