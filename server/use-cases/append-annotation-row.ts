import { randomUUID } from 'node:crypto';
import type pg from 'pg';
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

/** The write, a prepared statement: PostgreSQL parses and plans it once per connection. */
const APPEND = {
  name: 'append_annotation',
  text: 'SELECT seq::text AS seq, "createdAt" FROM "append_annotation"($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)',
};

/**
 * Writes a planned annotation in one round trip and one transaction: the database
 * function append_annotation (prisma/migrations/20261121000300_append_annotation_function)
 * locks the project row; if the plan still holds, takes the next sequence number, inserts
 * and completes the author's claim on the scan; and commits with the statement, so the
 * lock is held only while PostgreSQL runs it. The plan holds when the scan has no row
 * after the basis (its rows are exactly those planned against) and the settings it read
 * are unchanged. Null when it does not: nothing written, no number used.
 */
export async function appendAnnotationRow(
  sql: pg.Pool,
  a: { projectId: string; scanId: string; user: { id: string }; planned: PlannedAnnotation; idempotencyKey: string; basis: PlanBasis },
): Promise<AppendedRow | null> {
  const id = randomUUID();
  const { planned, basis } = a;
  const values = [
    a.projectId,
    a.scanId,
    id,
    a.user.id,
    planned.source,
    planned.action,
    planned.value === null ? null : JSON.stringify(planned.value),
    planned.supersedesId,
    planned.predictionId,
    a.idempotencyKey,
    Math.trunc(basis.seq),
    basis.blindMode,
    Math.trunc(basis.labelsRequired),
  ];
  const { rows } = await sql.query<{ seq: string; createdAt: Date }>({ ...APPEND, values });
  const row = rows[0];
  if (!row) return null;
  return { id, seq: Number(row.seq), createdAt: row.createdAt.toISOString() };
}
