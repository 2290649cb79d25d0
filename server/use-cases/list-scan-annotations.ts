import { scanTitle } from '@/lib/imaging/scan-title';
import { annotationValueSchema, type Annotation } from '@/lib/labels/annotation';
import type { TaskType } from '@/lib/labels/label-set';
import pg from 'pg';
import { Prisma } from '@/generated/prisma/client';
import { preparedStatementName, type Db } from '@/server/db/client';

type Reader = Db | Prisma.TransactionClient;

/**
 * What runs a scan read: Prisma, or the realtime path's own node-postgres pool, which
 * skips the ORM's work on reads made with every label and every move in the viewer
 * (a prepared statement either way).
 */
export type ScanReader = Reader | pg.Pool | pg.PoolClient;

const statementName = preparedStatementName();

/** Rows of `q` through either reader. Through node-postgres, bigint columns arrive as strings. */
export async function queryScan<T>(db: ScanReader, q: Prisma.Sql): Promise<T[]> {
  if (db instanceof pg.Pool || db instanceof pg.Client)
    return (await db.query({ name: statementName({ sql: q.text }), text: q.text, values: q.values })).rows as T[];
  return (db as Reader).$queryRaw<T[]>(q);
}

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

type AnnotationRecord = Prisma.AnnotationGetPayload<{ select: typeof annotationSelect }>;

/** A stored row as the app and the wire see it (seq as a number, value checked). */
export function toAnnotation(r: AnnotationRecord): Annotation {
  const value = annotationValueSchema.nullable().safeParse(r.value ?? null);
  return {
    id: r.id,
    seq: Number(r.seq),
    scanId: r.scanId,
    authorId: r.authorId,
    authorName: r.author.name,
    source: r.source,
    action: r.action,
    value: value.success ? value.data : null,
    supersedesId: r.supersedesId,
    predictionId: r.predictionId,
    idempotencyKey: r.idempotencyKey,
    createdAt: r.createdAt.toISOString(),
  };
}

/** Every annotation of the given scans, in commit order. */
export async function listScanAnnotations(
  db: Reader,
  scanIds: readonly string[],
  upToSeq?: number,
): Promise<Annotation[]> {
  if (scanIds.length === 0) return [];
  const rows = await db.annotation.findMany({
    where: { scanId: { in: [...scanIds] }, ...(upToSeq === undefined ? {} : { seq: { lte: BigInt(upToSeq) } }) },
    orderBy: { seq: 'asc' },
    select: annotationSelect,
  });
  return rows.map(toAnnotation);
}

interface RawRow {
  projectSeq: bigint | string;
  blindMode: boolean;
  labelsRequired: number;
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

/** A scan's rows with what labelling needs of its project, all from one snapshot. */
export interface ScanRows {
  title: string;
  rows: Annotation[];
  project: { seq: number; blindMode: boolean; labelsRequired: number; labels: string[]; task: TaskType };
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

const NO_EXTRA: ScanRowsExtra = { columns: Prisma.empty, joins: Prisma.empty };

/**
 * One round trip: the project's settings and sequence, whether the scan is in the
 * project, and its rows with their authors' names, in commit order. One statement, so
 * the rows are exactly those up to `project.seq`. Null when there is no such scan.
 */
export async function readScanRows(
  db: ScanReader,
  args: { projectId: string; scanId: string },
): Promise<ScanRows | null> {
  return (await readScanRowsWith<object>(db, args, NO_EXTRA))?.scan ?? null;
}

/** readScanRows with `extra` columns of the scan, read in the same statement (the first row's). */
export async function readScanRowsWith<X extends object>(
  db: ScanReader,
  args: { projectId: string; scanId: string },
  extra: ScanRowsExtra,
): Promise<{ scan: ScanRows; extra: X } | null> {
  const raw = await queryScan<RawRow & X>(
    db,
    Prisma.sql`
    SELECT p."lastSequence" AS "projectSeq", p."blindMode", p."labelsRequired", p.labels, p.task::text AS task,
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
  const first = raw[0];
  if (!first) return null;
  const rows = raw
    .filter((r) => r.id !== null)
    .map((r) =>
      toAnnotation({
        id: r.id as string,
        seq: BigInt(r.seq!),
        scanId: r.scanId,
        authorId: r.authorId as string,
        source: r.source as Annotation['source'],
        action: r.action as Annotation['action'],
        value: r.value as Prisma.JsonValue,
        supersedesId: r.supersedesId,
        predictionId: r.predictionId,
        idempotencyKey: r.idempotencyKey as string,
        createdAt: r.createdAt as Date,
        author: { name: r.authorName ?? '' },
      }),
    );
  const project = {
    seq: Number(first.projectSeq),
    blindMode: first.blindMode,
    labelsRequired: first.labelsRequired,
    labels: first.labels,
    task: first.task,
  };
  return { scan: { title: scanTitle(first), rows, project }, extra: first };
}
