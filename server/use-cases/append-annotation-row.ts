import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Annotation } from '@/lib/labels/annotation';
import type { PlannedAnnotation } from '@/lib/labels/plan-annotation';
import type { Prisma } from '@/generated/prisma/client';
import { toAnnotation } from './list-scan-annotations';

export interface AppendedRow {
  id: string;
  seq: number;
  createdAt: string;
  blindMode: boolean;
  labelsRequired: number;
  /** The scan's rows before this one, read under the lock: exact as of this row's seq. */
  before: Annotation[];
}

/**
 * Writes a planned annotation under the project row lock in one round trip (a
 * multi-statement simple query, so the lock is held only while PostgreSQL runs it):
 * BEGIN; lock the project; in one statement, if the chain is still as planned, take the
 * next sequence number, insert, complete the author's claim on the scan, and read the
 * scan's earlier rows; COMMIT. Null when the guard failed (an empty chain is no longer
 * empty: nothing written, no number used); a chain head superseded meanwhile fails the
 * unique index on supersedesId (pg error 23505). NO KEY UPDATE is the strength UPDATE
 * takes: other writers' foreign-key checks (a claim's KEY SHARE on the project) must not
 * wait on it, or two such transactions can deadlock.
 */
export async function appendAnnotationRow(
  sql: pg.Pool,
  a: { projectId: string; scanId: string; user: { id: string }; planned: PlannedAnnotation; idempotencyKey: string },
): Promise<AppendedRow | null> {
  const q = (v: string | null) => (v === null ? 'NULL' : pg.escapeLiteral(v));
  const id = randomUUID();
  const { planned } = a;
  const reference = planned.source === 'ADJUDICATION';
  // An empty chain must still be empty now (two tabs' first labels); a later head is caught by the unique index.
  const guard =
    planned.supersedesId === null
      ? `NOT EXISTS (SELECT 1 FROM "Annotation" WHERE "scanId" = ${q(a.scanId)} AND ${reference ? `source = 'ADJUDICATION'` : `source <> 'ADJUDICATION' AND "authorId" = ${q(a.user.id)}`})`
      : 'TRUE';
  const text = `BEGIN;
SELECT 1 FROM "Project" WHERE id = ${q(a.projectId)} FOR NO KEY UPDATE;
WITH p AS (
  UPDATE "Project" SET "lastSequence" = "lastSequence" + 1 WHERE id = ${q(a.projectId)} AND ${guard}
  RETURNING "lastSequence", "blindMode", "labelsRequired"
), ins AS (
  INSERT INTO "Annotation" (id, "projectId", "scanId", "authorId", source, action, value, "supersedesId", "predictionId", seq, "idempotencyKey")
  SELECT ${q(id)}, ${q(a.projectId)}, ${q(a.scanId)}, ${q(a.user.id)}, ${q(planned.source)}::"AnnotationSource", ${q(planned.action)}::"AnnotationAction",
         ${q(planned.value === null ? null : JSON.stringify(planned.value))}::jsonb, ${q(planned.supersedesId)}, ${q(planned.predictionId)}, p."lastSequence", ${q(a.idempotencyKey)}
  FROM p RETURNING seq, "createdAt"
), done AS (
  UPDATE "Claim" SET state = 'COMPLETED', "endedAt" = now()
  WHERE "scanId" = ${q(a.scanId)} AND "userId" = ${q(a.user.id)} AND state = 'ACTIVE' AND EXISTS (SELECT 1 FROM ins)
)
SELECT ins.seq::text AS seq, ins."createdAt", p."blindMode", p."labelsRequired",
  (SELECT coalesce(json_agg(json_build_object(
      'id', a.id, 'seq', a.seq, 'scanId', a."scanId", 'authorId', a."authorId", 'authorName', u.name, 'source', a.source, 'action', a.action,
      'value', a.value, 'supersedesId', a."supersedesId", 'predictionId', a."predictionId", 'idempotencyKey', a."idempotencyKey", 'createdAt', a."createdAt"
    ) ORDER BY a.seq), '[]'::json)
   FROM "Annotation" a JOIN "User" u ON u.id = a."authorId" WHERE a."scanId" = ${q(a.scanId)}) AS before
FROM ins, p;
COMMIT;`;
  const client = await sql.connect();
  let results: pg.QueryResult[];
  try {
    results = (await client.query(text)) as unknown as pg.QueryResult[];
  } catch (e) {
    // The failure left the session in an aborted transaction block: close this connection
    // (PostgreSQL rolls back) rather than queue a ROLLBACK behind the failed query string.
    client.release(e instanceof Error ? e : true);
    throw e;
  }
  client.release();
  const row = results[2]?.rows[0] as { seq: string; createdAt: Date; blindMode: boolean; labelsRequired: number; before: JsonRow[] } | undefined;
  if (!row) return null;
  return { id, ...row, seq: Number(row.seq), createdAt: row.createdAt.toISOString(), before: row.before.map(fromJsonRow) };
}

type JsonRow = Omit<Annotation, 'value' | 'createdAt' | 'authorName'> & { value: unknown; createdAt: string; authorName: string };

function fromJsonRow({ authorName, ...r }: JsonRow): Annotation {
  return toAnnotation({ ...r, seq: BigInt(r.seq), value: r.value as Prisma.JsonValue, createdAt: new Date(r.createdAt), author: { name: authorName } });
}
