import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '@/server/config';
import type { Logger } from '@/server/logger';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrate';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Migrations this call applied (empty when the database was up to date). */
  applied: string[];
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set (nothing is started); otherwise an embedded PostgreSQL in
 * DATA_DIR/postgres with a `neuroloop` database. Either way the database is migrated.
 */
export async function openDatabase(config: AppConfig, log: Logger): Promise<DatabaseHandle> {
  let handle: Omit<DatabaseHandle, 'applied'>;
  if (config.DATABASE_URL) {
    await createDatabaseIfMissing(config.DATABASE_URL);
    handle = { url: config.DATABASE_URL, embedded: false, stop: async () => {} };
  } else {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(config.dataDir, 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      log,
    });
    const url = withDatabase(server.url, 'neuroloop');
    await createDatabaseIfMissing(url);
    handle = { url, embedded: true, stop: server.stop };
  }
  const { applied } = await migrate(handle.url, MIGRATIONS_DIR, log);
  log.info({ applied: applied.length, embedded: handle.embedded }, 'database ready');
  return { ...handle, applied };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Creates the database named in url when the server lacks it. */
export async function createDatabaseIfMissing(url: string, template?: string): Promise<void> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) {
      const tpl = template ? ` TEMPLATE ${pg.escapeIdentifier(template)}` : '';
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}${tpl}`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e; // created concurrently by another process
      });
    }
  } finally {
    await admin.end();
  }
}
