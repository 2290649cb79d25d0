import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PlannedAnnotation } from '@/lib/labels/plan-annotation';

export interface AppendedRow {
  id: string;
  seq: number;
  createdAt: string;
}

/** What a row was planned against: the scan's rows up to `seq`, under these project settings. */
export interface PlanBasis {
  seq: number;
  blindMode: boolean;
  labelsRequired: number;
}

/**
 * Writes a planned annotation under the project row lock in one round trip (a
 * multi-statement simple query, so the lock is held only while PostgreSQL runs it):
 * BEGIN; lock the project; in one statement, if the plan still holds, take the next
 * sequence number, insert and complete the author's claim on the scan; COMMIT. The plan
 * holds when the scan has no row after the basis (its rows are exactly those planned
 * against) and the settings it read are unchanged. Null when it does not: nothing written,
 * no number used. NO KEY UPDATE is the strength UPDATE takes: other writers' foreign-key
 * checks (a claim's KEY SHARE on the project) must not wait on it, or two such
 * transactions can deadlock.
 */
export async function appendAnnotationRow(
  sql: pg.Pool,
  a: { projectId: string; scanId: string; user: { id: string }; planned: PlannedAnnotation; idempotencyKey: string; basis: PlanBasis },
): Promise<AppendedRow | null> {
  const q = (v: string | null) => (v === null ? 'NULL' : pg.escapeLiteral(v));
  const id = randomUUID();
  const { planned, basis } = a;
  const text = `BEGIN;
SELECT 1 FROM "Project" WHERE id = ${q(a.projectId)} FOR NO KEY UPDATE;
WITH p AS (
  UPDATE "Project" SET "lastSequence" = "lastSequence" + 1
  WHERE id = ${q(a.projectId)} AND "blindMode" = ${basis.blindMode} AND "labelsRequired" = ${Math.trunc(basis.labelsRequired)}
    AND NOT EXISTS (SELECT 1 FROM "Annotation" WHERE "scanId" = ${q(a.scanId)} AND seq > ${Math.trunc(basis.seq)})
  RETURNING "lastSequence"
), ins AS (
  INSERT INTO "Annotation" (id, "projectId", "scanId", "authorId", source, action, value, "supersedesId", "predictionId", seq, "idempotencyKey")
  SELECT ${q(id)}, ${q(a.projectId)}, ${q(a.scanId)}, ${q(a.user.id)}, ${q(planned.source)}::"AnnotationSource", ${q(planned.action)}::"AnnotationAction",
         ${q(planned.value === null ? null : JSON.stringify(planned.value))}::jsonb, ${q(planned.supersedesId)}, ${q(planned.predictionId)}, p."lastSequence", ${q(a.idempotencyKey)}
  FROM p RETURNING seq, "createdAt"
), done AS (
  UPDATE "Claim" SET state = 'COMPLETED', "endedAt" = now()
  WHERE "scanId" = ${q(a.scanId)} AND "userId" = ${q(a.user.id)} AND state = 'ACTIVE' AND EXISTS (SELECT 1 FROM ins)
)
SELECT ins.seq::text AS seq, ins."createdAt" FROM ins;
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
  const row = results[2]?.rows[0] as { seq: string; createdAt: Date } | undefined;
  if (!row) return null;
  return { id, seq: Number(row.seq), createdAt: row.createdAt.toISOString() };
}
