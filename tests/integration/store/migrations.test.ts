import { createHash } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { afterAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_DIR, createDatabaseIfMissing, withDatabase } from '@/server/db/database';
import { listMigrations, migrate, pendingMigrations } from '@/server/db/migrate';
import { dropDatabase } from '../../helpers/postgres';

describe('migration runner', () => {
  const adminUrl = inject('pgAdminUrl');
  const names: string[] = [];
  const fresh = async () => {
    const name = `nl_mig_${Math.random().toString(36).slice(2, 10)}`;
    names.push(name);
    const url = withDatabase(adminUrl, name);
    await createDatabaseIfMissing(url);
    return url;
  };
  afterAll(async () => {
    for (const n of names) await dropDatabase(adminUrl, n);
  });

  it('applies every migration to an empty database, then nothing on a second run', async () => {
    const url = await fresh();
    expect(await pendingMigrations(url, MIGRATIONS_DIR)).toEqual(listMigrations(MIGRATIONS_DIR).map((m) => m.name));
    const first = await migrate(url, MIGRATIONS_DIR);
    expect(first.applied.length).toBeGreaterThanOrEqual(2);
    const second = await migrate(url, MIGRATIONS_DIR);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    expect(await pendingMigrations(url, MIGRATIONS_DIR)).toEqual([]);
  });

  it('records migrations in _prisma_migrations the way Prisma Migrate does', async () => {
    const url = await fresh();
    await migrate(url, MIGRATIONS_DIR);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const cols = await c.query(
      `SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(cols.rows.map((r) => r.column_name)).toEqual([
      'id',
      'checksum',
      'finished_at',
      'migration_name',
      'logs',
      'rolled_back_at',
      'started_at',
      'applied_steps_count',
    ]);
    const { rows } = await c.query('SELECT * FROM "_prisma_migrations" ORDER BY migration_name');
    await c.end();
    for (const row of rows) {
      const sql = readFileSync(path.join(MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('rolls back a failing migration and leaves it unrecorded as finished', async () => {
    const url = await fresh();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nl-mig-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(path.join(dir, '29991231000000_broken'));
    writeFileSync(
      path.join(dir, '29991231000000_broken/migration.sql'),
      'CREATE TABLE "Half" (id int);\nSELECT no_such_function();\n',
    );
    await expect(migrate(url, dir)).rejects.toThrow(/29991231000000_broken/);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    const half = await c.query(`SELECT to_regclass('"Half"') AS t`);
    const recorded = await c.query(
      `SELECT count(*)::int AS n FROM "_prisma_migrations" WHERE migration_name = '29991231000000_broken'`,
    );
    await c.end();
    expect(half.rows[0].t).toBeNull();
    expect(recorded.rows[0].n).toBe(0);
    expect(await pendingMigrations(url, dir)).toEqual(['29991231000000_broken']);
  });

  it('lets two runners race without applying anything twice', async () => {
    const url = await fresh();
    const [a, b] = await Promise.all([migrate(url, MIGRATIONS_DIR), migrate(url, MIGRATIONS_DIR)]);
    const total = listMigrations(MIGRATIONS_DIR).length;
    expect(a.applied.length + b.applied.length).toBe(total);
  });
  it('keeps a training job left in the dropped CANCELLED state, as FAILED with a reason', async () => {
    const url = await fresh();
    const target = '20261204100100_training_job_without_cancelled';
    const before = mkdtempSync(path.join(os.tmpdir(), 'nl-mig-'));
    for (const m of listMigrations(MIGRATIONS_DIR).filter((m) => m.name < target))
      cpSync(path.join(MIGRATIONS_DIR, m.name), path.join(before, m.name), { recursive: true });
    await migrate(url, before);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(
        `INSERT INTO "Project" (id, slug, name, labels, "updatedAt") VALUES ('p1', 'p1', 'P', '{a,b}', now())`,
      );
      await c.query(
        `INSERT INTO "TrainingJob" (id, "projectId", state, trigger, "finishedAt") VALUES ('j1', 'p1', 'CANCELLED', 'MANUAL', now())`,
      );
      await migrate(url, MIGRATIONS_DIR);
      const { rows } = await c.query(`SELECT state::text, error FROM "TrainingJob" WHERE id = 'j1'`);
      expect(rows).toEqual([{ state: 'FAILED', error: 'cancelled' }]);
      const labels = await c.query(
        `SELECT array_agg(enumlabel::text ORDER BY enumsortorder) AS l FROM pg_enum WHERE enumtypid = '"TrainingJobState"'::regtype`,
      );
      expect(labels.rows[0].l).toEqual(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']);
    } finally {
      await c.end();
    }
  });
});
