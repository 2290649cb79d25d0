import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '@/server/logger';

/**
 * Applies prisma/migrations/<timestamp_name>/migration.sql in order and records each in
 * `_prisma_migrations` exactly as Prisma Migrate does (same table, same sha256 checksum of
 * the script), so `prisma migrate status/deploy` on a machine with the schema engine agree.
 * Each migration runs in its own transaction under Prisma's advisory lock.
 */
export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

const PRISMA_ADVISORY_LOCK = 72707369;

export function listMigrations(migrationsDir: string): { name: string; sql: string; checksum: string }[] {
  return readdirSync(migrationsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(migrationsDir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(migrationsDir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function migrate(url: string, migrationsDir: string, log?: Logger): Promise<MigrationResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PRISMA_ADVISORY_LOCK]);
    // Checked first: a role that may not create tables (the embedded app role) still reads what is applied.
    const { rows: table } = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`);
    if (!(table[0] as { present: boolean }).present)
      await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const done = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const m of listMigrations(migrationsDir)) {
      const prior = done.get(m.name);
      if (prior) {
        if (prior.finished_at === null) {
          throw new Error(
            `Migration ${m.name} failed earlier and was never resolved; fix the database, then mark it rolled back.`,
          );
        }
        if (prior.checksum !== m.checksum) {
          log?.warn({ migration: m.name }, 'migration was modified after it was applied (checksum differs)');
        }
        result.alreadyApplied.push(m.name);
        continue;
      }
      await applyOne(client, m);
      log?.info({ migration: m.name }, 'applied migration');
      result.applied.push(m.name);
    }
    return result;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [PRISMA_ADVISORY_LOCK]).catch(() => {});
    await client.end();
  }
}

async function applyOne(client: pg.Client, m: { name: string; sql: string; checksum: string }): Promise<void> {
  const id = randomUUID();
  await client.query('BEGIN');
  try {
    await client.query(
      'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
      [id, m.checksum, m.name],
    );
    await client.query(m.sql);
    await client.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [
      id,
    ]);
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK');
    throw new Error(`Migration ${m.name} failed: ${(e as Error).message}`, { cause: e });
  }
}

/** Names of migrations on disk that the database has not applied. */
export async function pendingMigrations(url: string, migrationsDir: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
    const applied = new Set<string>();
    if (exists.rows[0].t) {
      const { rows } = await client.query<{ migration_name: string }>(
        'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
      );
      rows.forEach((r) => applied.add(r.migration_name));
    }
    return listMigrations(migrationsDir)
      .map((m) => m.name)
      .filter((n) => !applied.has(n));
  } finally {
    await client.end();
  }
}
