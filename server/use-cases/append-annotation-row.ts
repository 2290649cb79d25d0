import { randomUUID } from 'node:crypto';
import type { PlannedAnnotation } from '@/lib/labels/plan-annotation';
import { appendAnnotation, type AppendedRow } from '@/server/store/annotations';
import type { SqlPool } from '@/server/store/handle';

export { MAX_BATCH } from '@/server/store/annotations';

/** What a row was planned against: the scan's rows up to `seq`, under these project settings. */
export interface PlanBasis {
  seq: number;
  blindMode: boolean;
  readsPerScan: number;
}

export interface AppendRequest {
  projectId: string;
  scanId: string;
  user: { id: string };
  planned: PlannedAnnotation;
  idempotencyKey: string;
  basis: PlanBasis;
  /** Also answer with the scan's view (its predictions and live claim) as of the write: blind mode's reveal. */
  reveal?: boolean;
}

/**
 * Writes a planned annotation, committed before this resolves, if its plan still holds
 * (the chain it extends gained no row after the basis and the settings it read are
 * unchanged); null when it does not: nothing written, no number used. The project's
 * labels arriving together share one statement and one commit (appendAnnotation).
 */
export function appendAnnotationRow(sql: SqlPool, a: AppendRequest): Promise<AppendedRow | null> {
  const { planned, basis } = a;
  return appendAnnotation(sql, a.projectId, {
    scanId: a.scanId,
    id: randomUUID(),
    authorId: a.user.id,
    source: planned.source,
    action: planned.action,
    value: planned.value,
    supersedesId: planned.supersedesId,
    predictionId: planned.predictionId,
    idempotencyKey: a.idempotencyKey,
    basisSeq: Math.trunc(basis.seq),
    blindMode: basis.blindMode,
    readsPerScan: Math.trunc(basis.readsPerScan),
    reveal: a.reveal === true,
  });
}
