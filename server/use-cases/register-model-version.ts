import { shouldPromote } from '@/lib/metrics/promotion';
import type { ModelVersionMetrics } from '@/lib/registry/model-metrics';
import { inTransaction, type Db, type JsonInput } from '@/server/store/handle';
import {
  findActiveModelVersion,
  findLastModelVersionNumber,
  insertModelVersion,
  setModelVersionActive,
} from '@/server/store/models';

type Kind = 'CNN' | 'RESNET' | 'RESNET50';

export async function nextModelVersionNumber(db: Db, projectId: string, kind: Kind): Promise<number> {
  const last = await findLastModelVersionNumber(db, projectId, kind);
  return (last?.version ?? 0) + 1;
}

/**
 * Records a trained model and applies the promotion gate: the best version per kind by
 * validation macro F1 is active; a new one replaces it only if not worse, never while a
 * lead has pinned the active one. The active version's F1 is its score on the new version's
 * validation scans (metrics.gate) when that names the version that is active; else the F1 it
 * recorded when it trained.
 */
export async function registerModelVersion(
  db: Db,
  input: {
    projectId: string;
    kind: Kind;
    version: number;
    backend: string;
    hyperParams: JsonInput;
    metrics: ModelVersionMetrics;
    labelCount: number;
    labelSnapshotId: string;
    trainingTimeMs: number;
    artifactPath: string;
    parentId: string | null;
    trainingJobId: string | null;
  },
) {
  return inTransaction(db, async (tx) => {
    const active = await findActiveModelVersion(tx, input.projectId, input.kind);
    const recordedF1 = (active?.metrics as { validation?: { macroF1?: number } } | null)?.validation?.macroF1;
    const gate = input.metrics.gate;
    const activeF1 =
      gate && active && gate.versionId === active.id && Number.isFinite(gate.macroF1) ? gate.macroF1 : recordedF1;
    const decision = shouldPromote(
      { macroF1: input.metrics.validation.macroF1 },
      active ? { macroF1: activeF1 ?? 0 } : null,
      { pinned: active?.pinned ?? false },
    );
    if (decision.promote && active) await setModelVersionActive(tx, active.id, false);
    const created = await insertModelVersion(tx, {
      ...input,
      metrics: input.metrics as unknown as JsonInput,
      state: 'READY',
      active: decision.promote,
      finishedAt: new Date(),
    });
    return { version: created, decision };
  });
}
