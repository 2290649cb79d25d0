import pg from 'pg';
import { AppError, isAppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import type { Annotation } from '@/lib/labels/annotation';
import { hasAuthored, readCount } from '@/lib/labels/chains';
import type { AnnotationIntent } from '@/lib/labels/intent';
import { planAnnotation } from '@/lib/labels/plan-annotation';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { AnnotationEvent } from '@/lib/realtime/protocol';
import type { Db } from '@/server/db/client';
import { getScanState, type ScanSnapshot } from './get-scan-state';
import { appendAnnotationRow, type AppendedRow } from './append-annotation-row';
import { readScanRows } from './list-scan-annotations';

export interface SubmitAnnotationInput {
  idempotencyKey: string;
  scanId: string;
  supersedesId: string | null;
  intent: AnnotationIntent;
}

export interface SubmitAnnotationResult {
  /** The committed row, in full (the caller redacts it for blinded users). */
  event: AnnotationEvent;
  blindMode: boolean;
  /** Everyone who has authored a row on the scan: they see its labels in full. */
  authorIds: string[];
  /** The scan has all its independent reads (clinicians may now see it). */
  complete: boolean;
  /** The user could not see the others' labels before this row and can now. */
  revealed: boolean;
  /** A replay of an earlier submit with the same idempotency key (nothing new written). */
  replay: boolean;
  /** The scan's rows up to this one (exact for a new row: read under the lock). */
  snapshot: ScanSnapshot;
}

type Actor = { id: string; name: string; role: Role };

const RACED = 'Someone changed this at the same moment. Showing the latest; press again to change it.';

/**
 * Appends one annotation (GUIDE principles 3 and 9). The row is planned against the
 * scan's rows as read, then written under the project row lock in one round trip
 * (appendAnnotationRow), which refuses it if the chain moved meanwhile: STALE, with the
 * current state. A replayed idempotency key returns the original row. The caller acks
 * and broadcasts only after this returns, i.e. after COMMIT.
 */
export async function submitAnnotation(
  db: Db,
  sql: pg.Pool,
  args: { projectId: string; user: Actor; input: SubmitAnnotationInput },
): Promise<SubmitAnnotationResult> {
  const { projectId, user, input } = args;
  const [scan, prediction] = await Promise.all([readScanRows(db, { projectId, scanId: input.scanId }), findPrediction(db, projectId, input)]);
  if (!scan) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  const { rows, project: ctx } = scan;
  const earlier = rows.find((r) => r.idempotencyKey === input.idempotencyKey);
  if (earlier) return replayOf({ ...ctx, title: scan.title }, earlier, rows);
  try {
    const planned = planAnnotation({ intent: input.intent, supersedesId: input.supersedesId, rows, user, project: ctx, prediction });
    const written = await appendAnnotationRow(sql, { projectId, scanId: input.scanId, user, planned, idempotencyKey: input.idempotencyKey });
    if (!written) throw new AppError({ code: 'STALE', message: RACED });
    return resultOf({ row: { ...planned, ...written, scanId: input.scanId, authorId: user.id, authorName: user.name, idempotencyKey: input.idempotencyKey }, user, title: scan.title });
  } catch (e) {
    if (violates(e, 'Annotation_projectId_idempotencyKey_key')) return replayOfKey(db, projectId, input);
    if (violates(e, 'Annotation_supersedesId_key') || (isAppError(e) && e.code === 'STALE')) {
      const state = await getScanState(db, { projectId, scanId: input.scanId, user });
      throw new AppError({ code: 'STALE', message: isAppError(e) ? e.message : RACED, details: state });
    }
    throw e;
  }
}

function resultOf(a: { row: Annotation & AppendedRow; user: Actor; title: string }): SubmitAnnotationResult {
  const { blindMode, labelsRequired, before, ...annotation } = a.row;
  const after = [...before, annotation];
  const count = readCount(after);
  const sees = (rows: readonly Annotation[]) =>
    canSeeOthers({ blindMode, labelsRequired, authored: hasAuthored(rows, a.user.id), role: a.user.role, readCount: readCount(rows) });
  return {
    event: { type: 'annotation.created', seq: annotation.seq, scanId: annotation.scanId, readCount: count, annotation },
    blindMode,
    authorIds: [...new Set(after.map((r) => r.authorId))],
    complete: count >= labelsRequired,
    revealed: !sees(before) && sees(after),
    replay: false,
    snapshot: { title: a.title, rows: after, seq: annotation.seq, blindMode, labelsRequired },
  };
}

async function findPrediction(db: Db, projectId: string, input: SubmitAnnotationInput) {
  const id = 'predictionId' in input.intent ? input.intent.predictionId : undefined;
  if (!id) return null;
  return db.prediction.findFirst({
    where: { id, scanId: input.scanId, modelVersion: { projectId } },
    select: { id: true, probabilities: true },
  });
}

async function replayOfKey(db: Db, projectId: string, input: SubmitAnnotationInput): Promise<SubmitAnnotationResult> {
  const original = await db.annotation.findUnique({
    where: { projectId_idempotencyKey: { projectId, idempotencyKey: input.idempotencyKey } },
    select: { scanId: true },
  });
  if (!original || original.scanId !== input.scanId) {
    throw new AppError({ code: 'CONFLICT', message: 'This idempotency key was already used for another scan.' });
  }
  const scan = await readScanRows(db, { projectId, scanId: input.scanId });
  const row = scan?.rows.find((r) => r.idempotencyKey === input.idempotencyKey);
  if (!scan || !row) throw new AppError({ code: 'INTERNAL', message: 'Replayed annotation not found.' });
  return replayOf({ ...scan.project, title: scan.title }, row, scan.rows);
}

/** The original row of a replayed key, as it was acked (read count as of its commit). */
function replayOf(ctx: { title: string; seq: number; blindMode: boolean; labelsRequired: number }, row: Annotation, rows: readonly Annotation[]): SubmitAnnotationResult {
  const count = readCount(rows);
  return {
    event: { type: 'annotation.created', seq: row.seq, scanId: row.scanId, readCount: readCount(rows.filter((r) => r.seq <= row.seq)), annotation: row },
    blindMode: ctx.blindMode,
    authorIds: [...new Set(rows.map((r) => r.authorId))],
    complete: count >= ctx.labelsRequired,
    // The original ack may never have arrived: let the caller send the full state again.
    revealed: ctx.blindMode,
    replay: true,
    snapshot: { title: ctx.title, rows: [...rows], seq: ctx.seq, blindMode: ctx.blindMode, labelsRequired: ctx.labelsRequired },
  };
}

/** A unique violation of the named index (the store's last guard). */
function violates(e: unknown, constraint: string): boolean {
  return e instanceof pg.DatabaseError && e.code === '23505' && e.constraint === constraint;
}
