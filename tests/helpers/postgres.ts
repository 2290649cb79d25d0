import path from 'node:path';
import pg from 'pg';
import { createLogger } from '@/server/logger';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { createDatabaseIfMissing, withDatabase } from '@/server/db/database';

/** TEST_DB_PREFIX lets parallel runs share one server (each gets its own template and clones). */
export const TEST_DB_PREFIX = process.env.TEST_DB_PREFIX ?? 'neuroloop_test';
export const TEMPLATE_DB = `${TEST_DB_PREFIX}_template`;

/**
 * The PostgreSQL server tests use: DATABASE_URL's server when set, else an embedded one
 * in .data/test-postgres (a real server either way). Returns an admin URL (database postgres).
 */
export async function startTestPostgres(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn', 'test-postgres');
  if (process.env.DATABASE_URL) {
    return { adminUrl: withDatabase(process.env.DATABASE_URL, 'postgres'), stop: async () => {} };
  }
  const root = path.resolve(import.meta.dirname, '../..');
  const server = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data/test-postgres'),
    port: Number(process.env.TEST_PG_PORT ?? 54339),
    log,
  });
  return { adminUrl: server.url, stop: server.stop };
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

export async function createDatabaseFromTemplate(adminUrl: string, name: string): Promise<string> {
  const url = withDatabase(adminUrl, name);
  await createDatabaseIfMissing(url, TEMPLATE_DB);
  return url;
}
