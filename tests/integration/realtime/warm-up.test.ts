import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { warmUp } from '@/server/realtime/warm-up';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

let t: TestDatabase;
let sql: pg.Pool;
beforeAll(async () => {
  t = await createTestDatabase();
  sql = new pg.Pool({ connectionString: t.url, max: 4, idleTimeoutMillis: 60_000 });
});
afterAll(async () => {
  await sql.end();
  await t.drop();
});

describe('warm-up at start', () => {
  it('opens the pool’s connections with the label path’s statements prepared on each, touching no data', async () => {
    const before = await t.db.annotation.count();
    await warmUp(sql, t.db, createLogger('silent'));
    expect(sql.totalCount).toBeGreaterThanOrEqual(2);
    expect(sql.idleCount).toBeGreaterThanOrEqual(2);
    const clients = await Promise.all([sql.connect(), sql.connect()]);
    try {
      for (const c of clients) {
        const { rows } = await c.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'nl_%'",
        );
        expect(rows[0].n).toBeGreaterThanOrEqual(2);
      }
    } finally {
      for (const c of clients) c.release();
    }
    expect(await t.db.annotation.count()).toBe(before);
  });
});
