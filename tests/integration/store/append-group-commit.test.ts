import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendAnnotationRow, MAX_BATCH, type AppendRequest } from '@/server/use-cases/append-annotation-row';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { makeScan } from '../../helpers/fixtures';
import { realtimeProject } from '../../helpers/realtime-fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

/**
 * Group commit on the label path: a project's labels that arrive while its write is in
 * flight go together in one statement and one commit, each still accepted or refused on
 * its own, in arrival order, with no sequence number lost.
 */
let t: TestDatabase;
let sql: pg.Pool;
beforeAll(async () => {
  t = await createTestDatabase();
  sql = new pg.Pool({ connectionString: t.url, max: 4 });
});
afterAll(async () => {
  await sql.end();
  await t.drop();
});

let n = 0;
const key = () => `group-commit-${++n}`;

async function fixture(scans: number) {
  const fx = await realtimeProject(t.db, { blindMode: false, scans: 0 });
  const scanIds: string[] = [];
  for (let i = 0; i < scans; i++) scanIds.push((await makeScan(t.db, fx.project.id)).id);
  return { ...fx, scanIds };
}

function label(projectId: string, userId: string, scanId: string, over: Partial<AppendRequest> = {}): AppendRequest {
  return {
    projectId,
    scanId,
    user: { id: userId },
    planned: {
      source: 'HUMAN',
      action: 'LABEL',
      value: { labels: ['glioma'] },
      supersedesId: null,
      predictionId: null,
    },
    idempotencyKey: key(),
    basis: { seq: 0, blindMode: false, readsPerScan: 2 },
    ...over,
  };
}

/** The batch statements the pool was asked to run, each with its item count. */
function statements(pool: pg.Pool) {
  const spy = vi.spyOn(pool, 'query');
  return {
    sizes: () =>
      spy.mock.calls
        .map(([q]) => q as unknown as { name?: string; values?: unknown[] })
        .filter((q) => q.name === 'append_annotation_batch')
        .map((q) => (JSON.parse(String(q.values?.[1])) as unknown[]).length),
    restore: () => spy.mockRestore(),
  };
}

describe('group commit of labels', () => {
  it('writes the labels of one turn in one statement per project, in arrival order, with consecutive numbers', async () => {
    const a = await fixture(MAX_BATCH + 8);
    const b = await fixture(2);
    const seen = statements(sql);
    try {
      const writes = a.scanIds.map((s) => appendAnnotationRow(sql, label(a.project.id, a.readers[0].id, s)));
      const other = b.scanIds.map((s) => appendAnnotationRow(sql, label(b.project.id, b.readers[0].id, s)));
      const rows = await Promise.all(writes);
      const otherRows = await Promise.all(other);
      // One statement for project b, and project a's 40 in a full batch and the rest.
      expect(seen.sizes().sort((x, y) => x - y)).toEqual([2, 8, MAX_BATCH]);
      expect(rows.map((r) => r?.seq)).toEqual(a.scanIds.map((_, i) => i + 1));
      expect(otherRows.map((r) => r?.seq)).toEqual([1, 2]);
    } finally {
      seen.restore();
    }
    const stored = await t.db.annotation.findMany({ where: { projectId: a.project.id }, orderBy: { seq: 'asc' } });
    expect(stored.map((r) => r.scanId)).toEqual(a.scanIds);
    expect(Number((await t.db.project.findUniqueOrThrow({ where: { id: a.project.id } })).lastSequence)).toBe(
      a.scanIds.length,
    );
  });

  it('sends labels that arrive while a write is in flight together in the next statement', async () => {
    const fx = await fixture(6);
    const seen = statements(sql);
    try {
      const first = appendAnnotationRow(sql, label(fx.project.id, fx.readers[0].id, fx.scanIds[0]));
      await vi.waitFor(() => expect(seen.sizes()).toEqual([1]), { interval: 0 });
      const later = fx.scanIds.slice(1).map((s) => appendAnnotationRow(sql, label(fx.project.id, fx.readers[0].id, s)));
      const rows = await Promise.all([first, ...later]);
      expect(seen.sizes()).toEqual([1, 5]);
      expect(rows.map((r) => r?.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    } finally {
      seen.restore();
    }
  });

  it('refuses or fails one label of a batch alone, with no number used, and writes the others', async () => {
    const fx = await fixture(3);
    const [s0, s1, s2] = fx.scanIds;
    const me = fx.readers[0].id;
    const first = label(fx.project.id, me, s0);
    const seen = statements(sql);
    const results = await Promise.allSettled([
      appendAnnotationRow(sql, first),
      // The same idempotency key again: a unique violation, as node-postgres reports it.
      appendAnnotationRow(sql, { ...label(fx.project.id, me, s1), idempotencyKey: first.idempotencyKey }),
      // Planned against seq 0, but the first item gives this reader's read of s0 a row: the plan no longer holds.
      appendAnnotationRow(sql, label(fx.project.id, me, s0)),
      // An author who does not exist: a foreign-key violation.
      appendAnnotationRow(sql, label(fx.project.id, 'no-such-user', s2)),
      appendAnnotationRow(sql, label(fx.project.id, me, s2)),
    ]);
    expect(seen.sizes()).toEqual([5]);
    seen.restore();
    const [ok, duplicate, stale, orphan, last] = results;
    expect(ok).toMatchObject({ status: 'fulfilled', value: { seq: 1 } });
    expect(duplicate.status).toBe('rejected');
    const dupError = (duplicate as PromiseRejectedResult).reason as pg.DatabaseError;
    expect(dupError).toBeInstanceOf(pg.DatabaseError);
    expect({ code: dupError.code, constraint: dupError.constraint }).toEqual({
      code: '23505',
      constraint: 'Annotation_projectId_idempotencyKey_key',
    });
    expect(stale).toEqual({ status: 'fulfilled', value: null });
    expect(orphan.status).toBe('rejected');
    expect(((orphan as PromiseRejectedResult).reason as pg.DatabaseError).code).toBe('23503');
    expect(last).toMatchObject({ status: 'fulfilled', value: { seq: 2 } });
    const stored = await t.db.annotation.findMany({ where: { projectId: fx.project.id }, orderBy: { seq: 'asc' } });
    expect(stored.map((r) => [Number(r.seq), r.scanId, r.authorId])).toEqual([
      [1, s0, me],
      [2, s2, me],
    ]);
    expect(Number((await t.db.project.findUniqueOrThrow({ where: { id: fx.project.id } })).lastSequence)).toBe(2);
  });

  it('keeps submits exact when they share a statement: a replayed key returns its row, a second read of one scan is planned again', async () => {
    const fx = await fixture(2);
    const [r0, r1, r2] = [fx.readers[0], fx.readers[1], fx.lead];
    const as = (u: typeof r0) => ({ id: u.id, name: u.name, role: 'ANNOTATOR' as const });
    const submit = (u: typeof r0, scanId: string, idempotencyKey: string, labels: string[]) =>
      submitAnnotation(t.db, sql, {
        projectId: fx.project.id,
        user: as(u),
        input: { idempotencyKey, scanId, supersedesId: null, intent: { kind: 'label', labels } },
      });
    const k = key();
    const [a, again, b, c] = await Promise.all([
      submit(r0, fx.scanIds[0], k, ['glioma']),
      submit(r0, fx.scanIds[0], k, ['glioma']),
      submit(r1, fx.scanIds[0], key(), ['normal']),
      submit(r2, fx.scanIds[1], key(), ['meningioma']),
    ]);
    expect(again.event.annotation?.id).toBe(a.event.annotation?.id);
    expect([a.replay, again.replay].sort()).toEqual([false, true]);
    // Both readers of scan 0 keep their read, whichever was planned first.
    expect(Math.max(a.event.readCount, b.event.readCount)).toBe(2);
    expect(c.event.readCount).toBe(1);
    const stored = await t.db.annotation.findMany({ where: { projectId: fx.project.id }, orderBy: { seq: 'asc' } });
    expect(stored).toHaveLength(3);
    expect(stored.map((r) => Number(r.seq))).toEqual([1, 2, 3]);
    expect(new Set(stored.map((r) => r.idempotencyKey)).size).toBe(3);
  });
});
