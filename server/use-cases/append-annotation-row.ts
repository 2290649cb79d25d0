import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PlannedAnnotation } from '@/lib/labels/plan-annotation';
import type { ScanViewColumns } from './get-scan-state';

export interface AppendedRow {
  id: string;
  seq: number;
  createdAt: string;
  /** The scan gained rows of other chains after the basis (other readers' reads): the plan's rows are not all. */
  rowsBetween: boolean;
  /** The scan's view as of the write (scan_view), when the request asked for it. */
  view: ScanViewColumns | null;
}

/** What a row was planned against: the scan's rows up to `seq`, under these project settings. */
export interface PlanBasis {
  seq: number;
  blindMode: boolean;
  labelsRequired: number;
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
 * Items per statement at most: each runs in a subtransaction, and PostgreSQL caches 64
 * per backend before other sessions' snapshots slow down.
 */
export const MAX_BATCH = 32;

/** The write, a prepared statement: PostgreSQL parses and plans it once per connection. */
const APPEND_BATCH = {
  name: 'append_annotation_batch',
  text: 'SELECT idx, seq::text AS seq, "createdAt", "rowsBetween", "errorCode", "errorConstraint", "errorMessage", predictions, "claimId", "claimUserId", "claimUserName", "claimExpiresAt" FROM "append_annotation_batch"($1, $2)',
};

type BatchRow = {
  idx: number;
  seq: string | null;
  createdAt: Date | null;
  rowsBetween: boolean | null;
  errorCode: string | null;
  errorConstraint: string | null;
  errorMessage: string | null;
} & ScanViewColumns;
type Waiting = {
  id: string;
  item: Record<string, unknown>;
  resolve: (row: AppendedRow | null) => void;
  reject: (e: unknown) => void;
};
/** Per pool, the projects with a write queued or in flight, and their labels waiting for the next write. */
const queues = new WeakMap<pg.Pool, Map<string, Waiting[]>>();

/**
 * Writes a planned annotation, committed before this resolves. The database function
 * append_annotation (prisma/migrations/20261121000300_append_annotation_function) locks
 * the project row; if the plan still holds, takes the next sequence number, inserts and
 * completes the author's claim on the scan. The plan holds when the chain it extends (the
 * author's read, or the reference) has no row after the basis and the settings it read
 * are unchanged (prisma/migrations/20261204300100_append_per_chain_check): independent
 * reads of one scan never refuse each other. Null when it does not: nothing written, no
 * number used. `rowsBetween` says that other chains gained rows after the basis. With `reveal`, the
 * written row comes back with the scan's view as of the write (scan_view,
 * prisma/migrations/20261121000500_reveal_in_write), read under the same lock.
 *
 * Group commit: a project's labels that arrive while its previous write is in flight on
 * this pool wait for it and then go together, up to MAX_BATCH, in one statement
 * (append_annotation_batch, prisma/migrations/20261121000400_append_annotation_batch): one
 * round trip, one transaction, one WAL flush, in arrival order. Labels of one project are
 * serialized by its row lock anyway; without this, each paid its own flush while holding
 * that lock, so after a slow flush the queue drained one flush at a time. Each item is
 * its own subtransaction: one that fails (a unique violation) rejects alone, with the
 * error node-postgres would have given it had it run alone, and the others are written.
 * The first label of a quiet project waits only for the end of the event-loop turn (so
 * that labels read in the same turn share its write).
 */
export function appendAnnotationRow(sql: pg.Pool, a: AppendRequest): Promise<AppendedRow | null> {
  const id = randomUUID();
  const { planned, basis } = a;
  const item = {
    scanId: a.scanId,
    id,
    authorId: a.user.id,
    source: planned.source,
    action: planned.action,
    value: planned.value,
    supersedesId: planned.supersedesId,
    predictionId: planned.predictionId,
    idempotencyKey: a.idempotencyKey,
    basisSeq: Math.trunc(basis.seq),
    blindMode: basis.blindMode,
    labelsRequired: Math.trunc(basis.labelsRequired),
    reveal: a.reveal === true,
  };
  return new Promise((resolve, reject) => {
    let projects = queues.get(sql);
    if (!projects) queues.set(sql, (projects = new Map()));
    const queue = projects.get(a.projectId);
    const waiting: Waiting = { id, item, resolve, reject };
    if (queue) return void queue.push(waiting);
    const fresh = [waiting];
    projects.set(a.projectId, fresh);
    setImmediate(() => void drain(sql, projects, a.projectId, fresh));
  });
}

/** Writes the project's queued labels, a batch at a time, until none is left. */
async function drain(
  sql: pg.Pool,
  projects: Map<string, Waiting[]>,
  projectId: string,
  queue: Waiting[],
): Promise<void> {
  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_BATCH);
    try {
      const { rows } = await sql.query<BatchRow>({
        ...APPEND_BATCH,
        values: [projectId, JSON.stringify(batch.map((w) => w.item))],
      });
      const byIdx = new Map(rows.map((r) => [r.idx, r]));
      batch.forEach((w, i) => settle(w, byIdx.get(i)));
    } catch (e) {
      for (const w of batch) w.reject(e);
    }
  }
  projects.delete(projectId);
}

function settle(w: Waiting, row: BatchRow | undefined): void {
  if (!row) return w.reject(new Error('append_annotation_batch returned no row for an item'));
  if (row.errorCode) return w.reject(itemError(row));
  if (row.seq === null || row.createdAt === null) return w.resolve(null);
  const { predictions, claimId, claimUserId, claimUserName, claimExpiresAt } = row;
  const view = w.item.reveal
    ? { predictions: predictions ?? [], claimId, claimUserId, claimUserName, claimExpiresAt }
    : null;
  w.resolve({
    id: w.id,
    seq: Number(row.seq),
    createdAt: row.createdAt.toISOString(),
    rowsBetween: row.rowsBetween === true,
    view,
  });
}

/** An item's failure as node-postgres reports a statement's (its SQLSTATE and constraint). */
function itemError(row: BatchRow): pg.DatabaseError {
  const e = new pg.DatabaseError(row.errorMessage ?? 'annotation write failed', 0, 'error');
  e.code = row.errorCode ?? undefined;
  e.constraint = row.errorConstraint || undefined;
  e.severity = 'ERROR';
  return e;
}
