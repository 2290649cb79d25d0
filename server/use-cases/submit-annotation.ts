import { AppError, isAppError } from '@/lib/errors/app-error';
import type { Role } from '@/lib/auth/roles';
import type { Annotation } from '@/lib/labels/annotation';
import { hasAuthored, readCount } from '@/lib/labels/chains';
import type { AnnotationIntent } from '@/lib/labels/intent';
import { planAnnotation, type PlannedAnnotation } from '@/lib/labels/plan-annotation';
import { canSeeOthers } from '@/lib/labels/visibility';
import type { AnnotationEvent } from '@/lib/realtime/protocol';
import type { ScanRowsCache } from '@/server/db/scan-rows-cache';
import { findAnnotationByKey, findScanPrediction } from '@/server/store/annotations';
import type { Db, SqlPool } from '@/server/store/handle';
import { isCheckViolationOf, isUniqueViolationOf } from '@/server/store/sql';
import { getScanState, type ScanSnapshot, type ScanViewColumns } from './get-scan-state';
import { appendAnnotationRow } from './append-annotation-row';
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
  /** The scan's rows up to this one (exact for a new row: the write checked that none came between). */
  snapshot: ScanSnapshot;
  /** When revealed by a new row: the scan's predictions and claim, read by the write itself (null: read them). */
  view: ScanViewColumns | null;
}

type Actor = { id: string; name: string; role: Role };

const RACED = 'Someone changed this at the same moment. Showing the latest; press again to change it.';
/** Plans per submit at most: against the cached rows (if any), then fresh reads while the scan keeps changing. */
const ATTEMPTS = 3;

/**
 * Appends one annotation (docs/ARCHITECTURE.md, "The label path"). The row is planned against the
 * scan's rows (this server's cached copy when it has one, else read), then written under
 * the project row lock in one round trip (appendAnnotationRow), which refuses the plan if
 * its chain gained a row since or the settings changed; the submit then plans again on a
 * fresh read. Other readers' rows in between do not refuse it (independent reads). A plan refused from the cache is checked against a fresh read too, so a
 * stale copy never refuses a valid label. An edit whose chain moved on is STALE, with the
 * current state. A replayed idempotency key returns the original row. The caller acks and
 * broadcasts only after this returns, i.e. after COMMIT.
 */
export async function submitAnnotation(
  db: Db,
  sql: SqlPool,
  args: { projectId: string; user: Actor; input: SubmitAnnotationInput; cache?: ScanRowsCache },
): Promise<SubmitAnnotationResult> {
  const { projectId, user, input, cache } = args;
  const { scanId } = input;
  const prediction = findPrediction(db, projectId, input);
  prediction.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const cached = cache?.get(projectId, scanId);
  try {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const fromCache = attempt === 0 && cached !== undefined;
      const scan = fromCache ? cached : await readScanRows(sql, { projectId, scanId });
      if (!scan) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
      if (!fromCache) cache?.put(projectId, scanId, scan);
      const { rows, project: ctx } = scan;
      const earlier = rows.find((r) => r.idempotencyKey === input.idempotencyKey);
      if (earlier) return replayOf({ ...ctx, title: scan.title }, ownRowOrThrow(earlier, user), rows);
      let planned: PlannedAnnotation;
      try {
        planned = planAnnotation({
          intent: input.intent,
          supersedesId: input.supersedesId,
          rows,
          user,
          project: ctx,
          prediction: await prediction,
        });
      } catch (e) {
        if (fromCache && isAppError(e)) continue;
        throw e;
      }
      // A first read in blind mode reveals the scan to its author: the write answers with what they will now see.
      const reveal = !seesOthers(rows, ctx, user);
      const written = await appendAnnotationRow(sql, {
        projectId,
        scanId,
        user,
        planned,
        idempotencyKey: input.idempotencyKey,
        basis: ctx,
        reveal,
      });
      if (!written) {
        cache?.forget(projectId, scanId);
        continue;
      }
      const { view, rowsBetween, ...stored } = written;
      const row: Annotation = {
        ...planned,
        ...stored,
        scanId,
        authorId: user.id,
        authorName: user.name,
        idempotencyKey: input.idempotencyKey,
      };
      // Other readers' rows landed between the plan and the write: the state reported reads them.
      const before = rowsBetween ? await rowsBefore(sql, projectId, scanId, row.seq, cache) : rows;
      if (!rowsBetween)
        cache?.put(projectId, scanId, {
          title: scan.title,
          rows: [...rows, row],
          project: { ...ctx, seq: written.seq },
        });
      return resultOf({ row, before, sawOthers: !reveal, settings: ctx, user, title: scan.title, view });
    }
    throw new AppError({ code: 'STALE', message: RACED });
  } catch (e) {
    if (refusedBy(e, 'Annotation_label_retired') || refusedBy(e, 'Annotation_project_archived')) {
      cache?.forget(projectId, scanId);
      const code = refusedBy(e, 'Annotation_label_retired') ? 'BAD_REQUEST' : 'CONFLICT';
      throw new AppError({ code, message: (e as Error).message });
    }
    if (violates(e, 'Annotation_projectId_idempotencyKey_key')) return replayOfKey(db, projectId, user, input);
    if (violates(e, 'Annotation_supersedesId_key') || (isAppError(e) && e.code === 'STALE')) {
      cache?.forget(projectId, scanId);
      const state = await getScanState(sql, { projectId, scanId, user, cache });
      throw new AppError({ code: 'STALE', message: isAppError(e) ? e.message : RACED, details: state });
    }
    throw e;
  }
}

type Settings = { blindMode: boolean; readsPerScan: number };

/** The scan's committed rows before `seq`, read after the write (which committed them all); refreshes the cache. */
async function rowsBefore(
  sql: SqlPool,
  projectId: string,
  scanId: string,
  seq: number,
  cache: ScanRowsCache | undefined,
): Promise<Annotation[]> {
  const fresh = await readScanRows(sql, { projectId, scanId });
  if (!fresh) throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
  cache?.put(projectId, scanId, fresh);
  return fresh.rows.filter((r) => r.seq < seq);
}

/** Whether `user` may see the others' labels on a scan with these rows (blind mode). */
function seesOthers(rows: readonly Annotation[], settings: Settings, user: Actor): boolean {
  return canSeeOthers({
    ...settings,
    authored: hasAuthored(rows, user.id),
    role: user.role,
    readCount: readCount(rows),
  });
}

/** `sawOthers`: whether the author could see the others' labels before this row (seesOthers of `before`). */
function resultOf(a: {
  row: Annotation;
  before: readonly Annotation[];
  sawOthers: boolean;
  settings: Settings;
  user: Actor;
  title: string;
  view: ScanViewColumns | null;
}): SubmitAnnotationResult {
  const { blindMode, readsPerScan } = a.settings;
  const annotation = a.row;
  const after = [...a.before, annotation];
  const count = readCount(after);
  const revealed = !a.sawOthers && seesOthers(after, a.settings, a.user);
  return {
    event: { type: 'annotation.created', seq: annotation.seq, scanId: annotation.scanId, readCount: count, annotation },
    blindMode,
    authorIds: [...new Set(after.map((r) => r.authorId))],
    complete: count >= readsPerScan,
    revealed,
    replay: false,
    snapshot: { title: a.title, rows: after, seq: annotation.seq, blindMode, readsPerScan },
    view: revealed ? a.view : null,
  };
}

async function findPrediction(db: Db, projectId: string, input: SubmitAnnotationInput) {
  const id = 'predictionId' in input.intent ? input.intent.predictionId : undefined;
  if (!id) return null;
  return findScanPrediction(db, { projectId, scanId: input.scanId, predictionId: id });
}

/**
 * An idempotency key answers only its own author: replaying someone else's key must not
 * hand over their row (on a blind scan, the very label the reader may not see yet).
 */
function ownRowOrThrow(row: Annotation, user: Actor): Annotation {
  if (row.authorId !== user.id) throw keyOfAnother();
  return row;
}

function keyOfAnother(): AppError {
  return new AppError({ code: 'CONFLICT', message: 'This idempotency key belongs to another author’s label.' });
}

async function replayOfKey(
  db: Db,
  projectId: string,
  user: Actor,
  input: SubmitAnnotationInput,
): Promise<SubmitAnnotationResult> {
  const original = await findAnnotationByKey(db, { projectId, idempotencyKey: input.idempotencyKey });
  if (original && original.authorId !== user.id) throw keyOfAnother();
  if (!original || original.scanId !== input.scanId) {
    throw new AppError({ code: 'CONFLICT', message: 'This idempotency key was already used for another scan.' });
  }
  const scan = await readScanRows(db, { projectId, scanId: input.scanId });
  const row = scan?.rows.find((r) => r.idempotencyKey === input.idempotencyKey);
  if (!scan || !row) throw new AppError({ code: 'INTERNAL', message: 'Replayed annotation not found.' });
  return replayOf({ ...scan.project, title: scan.title }, row, scan.rows);
}

/** The original row of a replayed key, as it was acked (read count as of its commit). */
function replayOf(
  ctx: { title: string; seq: number; blindMode: boolean; readsPerScan: number },
  row: Annotation,
  rows: readonly Annotation[],
): SubmitAnnotationResult {
  const count = readCount(rows);
  return {
    event: {
      type: 'annotation.created',
      seq: row.seq,
      scanId: row.scanId,
      readCount: readCount(rows.filter((r) => r.seq <= row.seq)),
      annotation: row,
    },
    blindMode: ctx.blindMode,
    authorIds: [...new Set(rows.map((r) => r.authorId))],
    complete: count >= ctx.readsPerScan,
    // The original ack may never have arrived: let the caller send the full state again.
    revealed: ctx.blindMode,
    replay: true,
    snapshot: {
      title: ctx.title,
      rows: [...rows],
      seq: ctx.seq,
      blindMode: ctx.blindMode,
      readsPerScan: ctx.readsPerScan,
    },
    view: null,
  };
}

/** The annotation trigger's refusals (prisma/migrations/20261206300100_project_labels_archive). */
function refusedBy(e: unknown, constraint: string): boolean {
  return isCheckViolationOf(e, constraint);
}

/** A unique violation of the named index (the store's last guard). */
function violates(e: unknown, constraint: string): boolean {
  return isUniqueViolationOf(e, constraint);
}
