import pg from 'pg';
import type { Annotation } from '@/lib/labels/annotation';
import type { TaskType } from '@/lib/labels/label-set';
import type { PredictionView } from '@/lib/realtime/protocol';
import { Prisma } from '@/generated/prisma/client';
import type { DbOrTx, Json, SqlPool } from './handle';
import { queryScan, type ScanReader } from './sql';

/** The columns of an annotation row, without its author. */
export const annotationColumns = {
  id: true,
  seq: true,
  scanId: true,
  authorId: true,
  source: true,
  action: true,
  value: true,
  supersedesId: true,
  predictionId: true,
  idempotencyKey: true,
  createdAt: true,
} as const satisfies Prisma.AnnotationSelect;

export const annotationSelect = {
  ...annotationColumns,
  author: { select: { name: true } },
} as const satisfies Prisma.AnnotationSelect;

/** A stored annotation row with its author's name. */
export type AnnotationRecord = Prisma.AnnotationGetPayload<{ select: typeof annotationSelect }>;

/** Every annotation of the given scans, in commit order (up to `upToSeq` when given). */
export function findScanAnnotations(
  db: DbOrTx,
  scanIds: readonly string[],
  upToSeq?: number,
): Promise<AnnotationRecord[]> {
  return db.annotation.findMany({
    where: { scanId: { in: [...scanIds] }, ...(upToSeq === undefined ? {} : { seq: { lte: BigInt(upToSeq) } }) },
    orderBy: { seq: 'asc' },
    select: annotationSelect,
  });
}

/** Every annotation row of a project, in commit order. */
export function findProjectAnnotations(db: DbOrTx, projectId: string): Promise<AnnotationRecord[]> {
  return db.annotation.findMany({
    where: { projectId },
    orderBy: { seq: 'asc' },
    select: annotationSelect,
  });
}

/** A project's annotation rows in commit order, with what agreement and the training rule read of them. */
export function findProjectAnnotationRows(
  db: DbOrTx,
  projectId: string,
  opts: { upToSeq?: bigint; until?: Date } = {},
) {
  return db.annotation.findMany({
    where: {
      projectId,
      ...(opts.upToSeq !== undefined ? { seq: { lte: opts.upToSeq } } : {}),
      ...(opts.until ? { createdAt: { lte: opts.until } } : {}),
    },
    select: {
      id: true,
      seq: true,
      scanId: true,
      authorId: true,
      source: true,
      supersedesId: true,
      value: true,
      createdAt: true,
      author: { select: { name: true } },
    },
    orderBy: { seq: 'asc' },
  });
}

/** The project settings labelling reads, and its last sequence number. Null when there is no such project. */
export function findLabelSettings(db: DbOrTx, projectId: string) {
  return db.project.findUnique({
    where: { id: projectId },
    select: {
      lastSequence: true,
      blindMode: true,
      readsPerScan: true,
      labels: true,
      task: true,
      claimTimeoutSeconds: true,
    },
  });
}

/** The author and scan of the row written with an idempotency key, if any. */
export function findAnnotationByKey(db: DbOrTx, args: { projectId: string; idempotencyKey: string }) {
  return db.annotation.findUnique({
    where: { projectId_idempotencyKey: { projectId: args.projectId, idempotencyKey: args.idempotencyKey } },
    select: { scanId: true, authorId: true },
  });
}

/** Any row the user wrote on the scan (they have read it). */
export function findAnnotationOfAuthor(db: DbOrTx, args: { scanId: string; authorId: string }) {
  return db.annotation.findFirst({ where: { scanId: args.scanId, authorId: args.authorId }, select: { id: true } });
}

/** A prediction of the scan by one of the project's model versions (what a label may accept or reject). */
export function findScanPrediction(db: DbOrTx, args: { projectId: string; scanId: string; predictionId: string }) {
  return db.prediction.findFirst({
    where: { id: args.predictionId, scanId: args.scanId, modelVersion: { projectId: args.projectId } },
    select: { id: true, probabilities: true },
  });
}

/** Distinct scans each reader gave a value per UTC day since `since` (one reader's, with `authorId`). */
export function readReadsPerDay(db: DbOrTx, args: { projectId: string; since: Date; authorId?: string }) {
  const byAuthor = args.authorId ? Prisma.sql`AND a."authorId" = ${args.authorId}` : Prisma.empty;
  return db.$queryRaw<{ day: string; readerId: string; readerName: string; reads: number }[]>`
    SELECT to_char(a."createdAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
           a."authorId" AS "readerId", u.name AS "readerName",
           count(DISTINCT a."scanId")::int AS reads
    FROM "Annotation" a JOIN "User" u ON u.id = a."authorId"
    WHERE a."projectId" = ${args.projectId}
      AND a.source NOT IN ('ADJUDICATION', 'IMPORT')
      AND a.value IS NOT NULL AND a.value <> 'null'::jsonb
      AND a."createdAt" >= ${args.since}
      ${byAuthor}
    GROUP BY 1, 2, 3
    ORDER BY 1`;
}

/** A scan's row joined with its project's settings, as readScanRows reads it. */
export interface ScanRowRecord {
  projectSeq: bigint | string;
  blindMode: boolean;
  readsPerScan: number;
  labels: string[];
  task: TaskType;
  originalName: string;
  frameIndex: number | null;
  scanId: string;
  id: string | null;
  seq: bigint | string | null;
  authorId: string | null;
  authorName: string | null;
  source: Annotation['source'] | null;
  action: Annotation['action'] | null;
  value: unknown;
  supersedesId: string | null;
  predictionId: string | null;
  idempotencyKey: string | null;
  createdAt: Date | null;
}

/**
 * More of the same scan in the same statement: `columns` (each starting with a comma)
 * from `joins`, which see the project as p and the scan as s and are evaluated once per
 * scan, before its rows are joined.
 */
export interface ScanRowsExtra {
  columns: Prisma.Sql;
  joins: Prisma.Sql;
}

export const NO_EXTRA: ScanRowsExtra = { columns: Prisma.empty, joins: Prisma.empty };

/** The scan_view columns (the database function): the scan's predictions by active model versions and its live claim. */
export type ScanViewColumns = {
  predictions: PredictionView[];
  claimId: string | null;
  claimUserId: string | null;
  claimUserName: string | null;
  claimExpiresAt: Date | null;
};

/**
 * What the viewer shows besides the rows, as columns of the scan: its predictions by the
 * project's active model versions (one per model kind) and its active claim, if any. The
 * database function scan_view (prisma/migrations/20261121000500_reveal_in_write), which
 * the label write also answers with.
 */
export const scanViewExtra: ScanRowsExtra = {
  columns: Prisma.sql`, v.predictions, v."claimId", v."claimUserId", v."claimUserName", v."claimExpiresAt"`,
  joins: Prisma.sql`CROSS JOIN LATERAL "scan_view"(p.id, s.id) v`,
};

/**
 * One round trip: the project's settings and sequence, whether the scan is in the
 * project, and its rows with their authors' names, in commit order, with `extra` columns
 * on every row. One statement, so the rows are exactly those up to the project's
 * sequence. No rows when there is no such scan; one with a null id when it has no rows.
 */
export function readScanRowRecords<X extends object>(
  db: ScanReader,
  args: { projectId: string; scanId: string },
  extra: ScanRowsExtra,
): Promise<(ScanRowRecord & X)[]> {
  return queryScan<ScanRowRecord & X>(
    db,
    Prisma.sql`
    SELECT p."lastSequence" AS "projectSeq", p."blindMode", p."readsPerScan", p.labels, p.task::text AS task,
           s.id AS "scanId", s."originalName" AS "originalName", s."frameIndex" AS "frameIndex", a.id, a.seq, a."authorId", u.name AS "authorName",
           a.source::text AS source, a.action::text AS action, a.value, a."supersedesId", a."predictionId", a."idempotencyKey", a."createdAt"
           ${extra.columns}
    FROM "Project" p
    JOIN "Scan" s ON s."projectId" = p.id AND s.id = ${args.scanId}
    ${extra.joins}
    LEFT JOIN "Annotation" a ON a."scanId" = s.id
    LEFT JOIN "User" u ON u.id = a."authorId"
    WHERE p.id = ${args.projectId}
    ORDER BY a.seq`,
  );
}

/** The scan's view (scan_view) alone; undefined when the scan is not in the project. */
export async function readScanView(
  db: ScanReader,
  args: { projectId: string; scanId: string },
): Promise<ScanViewColumns | undefined> {
  const view = scanViewExtra;
  const [extra] = await queryScan<ScanViewColumns>(
    db,
    Prisma.sql`
    SELECT s.id ${view.columns}
    FROM "Project" p
    JOIN "Scan" s ON s."projectId" = p.id AND s.id = ${args.scanId}
    ${view.joins}
    WHERE p.id = ${args.projectId}`,
  );
  return extra;
}

/** The project's last sequence number and blind mode; undefined when there is no such project. */
export async function readProjectHead(
  db: ScanReader,
  projectId: string,
): Promise<{ seq: bigint | string; blindMode: boolean } | undefined> {
  const [row] = await queryScan<{ seq: bigint | string; blindMode: boolean }>(
    db,
    Prisma.sql`SELECT "lastSequence" AS seq, "blindMode" FROM "Project" WHERE id = ${projectId}`,
  );
  return row;
}

/** A row of a catch-up page (or the project's one row when the page is empty or out of reach). */
export interface EventRow {
  projectSeq: bigint | string;
  blindMode: boolean;
  readsPerScan: number;
  id: string | null;
  seq: bigint | string | null;
  scanId: string | null;
  authorId: string | null;
  authorName: string | null;
  source: Annotation['source'] | null;
  action: Annotation['action'] | null;
  value: Json;
  supersedesId: string | null;
  predictionId: string | null;
  idempotencyKey: string | null;
  createdAt: Date | null;
  /** Current reads of the scan after this row. */
  readCount: number | null;
  /** Current reads of the scan now (blind mode's visibility). */
  readsNow: number | null;
  /** The user has authored a row on the scan. */
  authored: boolean | null;
}

/**
 * The project's sequence and settings (always one row), with the page of rows after
 * `afterSeq` when it is within `maxEvents`. A reader's chain is linear, so its head as of
 * a sequence number is its latest row up to it; a retraction's value is null. No rows
 * when there is no such project.
 *
 * One statement that reads only the rows after `afterSeq` (by the project's sequence
 * index) and, per row, its scan's read count as of that row from the readers' latest
 * rows: the cost follows the page, not the project or the scans' histories.
 */
export function readEventsPage(
  db: ScanReader,
  args: { projectId: string; afterSeq: number; userId: string; pageSize: number; maxEvents: number },
): Promise<EventRow[]> {
  return queryScan<EventRow>(db, eventsSql(args.projectId, args.afterSeq, args.userId, args.pageSize, args.maxEvents));
}

function eventsSql(projectId: string, afterSeq: number, userId: string, pageSize: number, maxEvents: number) {
  return Prisma.sql`
    SELECT p."lastSequence" AS "projectSeq", p."blindMode", p."readsPerScan",
           a.id, a.seq, a."scanId", a."authorId", u.name AS "authorName", a.source::text AS source,
           a.action::text AS action, a.value, a."supersedesId", a."predictionId", a."idempotencyKey", a."createdAt",
           rc.n AS "readCount", rn.n AS "readsNow", au.authored
    FROM "Project" p
    LEFT JOIN LATERAL (
      SELECT * FROM "Annotation" x
      WHERE x."projectId" = p.id AND x.seq > ${afterSeq}::bigint AND x.seq <= p."lastSequence"
        AND p."lastSequence" - ${afterSeq}::bigint <= ${maxEvents}::bigint
      ORDER BY x.seq LIMIT ${pageSize}::int
    ) a ON true
    LEFT JOIN "User" u ON u.id = a."authorId"
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS n FROM (
        SELECT DISTINCT ON (b."authorId") b.value FROM "Annotation" b
        WHERE b."scanId" = a."scanId" AND b.source <> 'ADJUDICATION' AND b.seq <= a.seq
        ORDER BY b."authorId", b.seq DESC
      ) h WHERE h.value IS NOT NULL AND jsonb_typeof(h.value) <> 'null'
    ) rc ON a.id IS NOT NULL
    LEFT JOIN LATERAL (
      SELECT count(*)::int AS n FROM (
        SELECT DISTINCT ON (b."authorId") b.value FROM "Annotation" b
        WHERE b."scanId" = a."scanId" AND b.source <> 'ADJUDICATION' AND b.seq <= p."lastSequence"
        ORDER BY b."authorId", b.seq DESC
      ) h WHERE h.value IS NOT NULL AND jsonb_typeof(h.value) <> 'null'
    ) rn ON a.id IS NOT NULL AND p."blindMode"
    LEFT JOIN LATERAL (
      SELECT EXISTS (SELECT 1 FROM "Annotation" b WHERE b."scanId" = a."scanId" AND b."authorId" = ${userId}
        AND b.seq <= p."lastSequence") AS authored
    ) au ON a.id IS NOT NULL AND p."blindMode"
    WHERE p.id = ${projectId}
    ORDER BY a.seq`;
}

/** One annotation to append, as the database function append_annotation_batch takes it. */
export interface AppendItem {
  scanId: string;
  id: string;
  authorId: string;
  source: Annotation['source'];
  action: Annotation['action'];
  value: unknown;
  supersedesId: string | null;
  predictionId: string | null;
  idempotencyKey: string;
  basisSeq: number;
  blindMode: boolean;
  readsPerScan: number;
  reveal: boolean;
}

export interface AppendedRow {
  id: string;
  seq: number;
  createdAt: string;
  /** The scan gained rows of other chains after the basis (other readers' reads): the plan's rows are not all. */
  rowsBetween: boolean;
  /** The scan's view as of the write (scan_view), when the request asked for it. */
  view: ScanViewColumns | null;
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
  item: AppendItem;
  resolve: (row: AppendedRow | null) => void;
  reject: (e: unknown) => void;
};
/** Per pool, the projects with a write queued or in flight, and their labels waiting for the next write. */
const queues = new WeakMap<SqlPool, Map<string, Waiting[]>>();

/**
 * Appends `item` to the project through the database function append_annotation
 * (prisma/migrations/20261121000300_append_annotation_function), committed before this
 * resolves: it locks the project row; if the plan still holds, takes the next sequence
 * number, inserts and completes the author's claim on the scan. The plan holds when the
 * chain it extends (the author's read, or the reference) has no row after the basis and
 * the settings it read are unchanged (prisma/migrations/20261204300100_append_per_chain_check):
 * independent reads of one scan never refuse each other. Null when it does not: nothing
 * written, no number used. `rowsBetween` says that other chains gained rows after the
 * basis. With `reveal`, the written row comes back with the scan's view as of the write
 * (scan_view, prisma/migrations/20261121000500_reveal_in_write), read under the same lock.
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
export function appendAnnotation(sql: SqlPool, projectId: string, item: AppendItem): Promise<AppendedRow | null> {
  return new Promise((resolve, reject) => {
    let projects = queues.get(sql);
    if (!projects) queues.set(sql, (projects = new Map()));
    const queue = projects.get(projectId);
    const waiting: Waiting = { id: item.id, item, resolve, reject };
    if (queue) return void queue.push(waiting);
    const fresh = [waiting];
    projects.set(projectId, fresh);
    setImmediate(() => void drain(sql, projects, projectId, fresh));
  });
}

/** Writes the project's queued labels, a batch at a time, until none is left. */
async function drain(
  sql: SqlPool,
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
