import type { Prisma } from '@/generated/prisma/client';
import { shouldPromote } from '@/lib/metrics/promotion';
import type { ModelVersionMetrics } from '@/lib/registry/model-metrics';
import type { Db } from '@/server/db/client';

type Kind = 'CNN' | 'RESNET' | 'RESNET50';

export async function nextModelVersionNumber(db: Db, projectId: string, kind: Kind): Promise<number> {
  const last = await db.modelVersion.findFirst({
    where: { projectId, kind },
    orderBy: { version: 'desc' },
    select: { version: true },
  });
  return (last?.version ?? 0) + 1;
}

/**
 * Records a trained model and applies the promotion gate: the best version per kind by
 * validation macro F1 is active; a new one replaces it only if not worse, never while a
 * lead has pinned the active one.
 */
export async function registerModelVersion(
  db: Db,
  input: {
    projectId: string;
    kind: Kind;
    version: number;
    backend: string;
    hyperParams: Prisma.InputJsonValue;
    metrics: ModelVersionMetrics;
    labelCount: number;
    labelSnapshotId: string;
    trainingTimeMs: number;
    artifactPath: string;
    parentId: string | null;
    trainingJobId: string | null;
  },
) {
  return db.$transaction(async (tx) => {
    const active = await tx.modelVersion.findFirst({
      where: { projectId: input.projectId, kind: input.kind, active: true },
    });
    const activeF1 = (active?.metrics as { validation?: { macroF1?: number } } | null)?.validation?.macroF1;
    const decision = shouldPromote(
      { macroF1: input.metrics.validation.macroF1 },
      active ? { macroF1: activeF1 ?? 0 } : null,
      { pinned: active?.pinned ?? false },
    );
    if (decision.promote && active) await tx.modelVersion.update({ where: { id: active.id }, data: { active: false } });
    const created = await tx.modelVersion.create({
      data: {
        ...input,
        metrics: input.metrics as unknown as Prisma.InputJsonValue,
        state: 'READY',
        active: decision.promote,
        finishedAt: new Date(),
      },
    });
    return { version: created, decision };
  });
}
