import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '@/server/config';
import type { Logger } from '@/server/logger';
import { grantAppPrivileges, prepareAppDatabase } from './database-roles';
import { startEmbeddedPostgres } from './embedded-postgres';
import { migrate } from './migrate';

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../prisma/migrations');
const EMBEDDED_DATABASE = 'neuroloop';

export interface DatabaseHandle {
  url: string;
  embedded: boolean;
  /** Migrations this call applied (empty when the database was up to date). */
  applied: string[];
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set (nothing is started; its user migrates and connects); otherwise an
 * embedded PostgreSQL in DATA_DIR/postgres with a `neuroloop` database, migrated by its
 * owner role, and the app role's URL for everyone else. Either way the database is migrated.
 */
export async function openDatabase(config: AppConfig, log: Logger): Promise<DatabaseHandle> {
  if (config.DATABASE_URL) {
    await createDatabaseIfMissing(config.DATABASE_URL);
    const { applied } = await migrate(config.DATABASE_URL, MIGRATIONS_DIR, log);
    log.info({ applied: applied.length, embedded: false }, 'database ready');
    return { url: config.DATABASE_URL, embedded: false, applied, stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(config.dataDir, 'postgres'),
    port: config.EMBEDDED_PG_PORT,
    log,
  });
  try {
    // The superuser only prepares; the owner role migrates; the app role is what everyone connects as.
    await prepareAppDatabase(server.url, EMBEDDED_DATABASE);
    const ownerUrl = withDatabase(server.ownerUrl, EMBEDDED_DATABASE);
    const { applied } = await migrate(ownerUrl, MIGRATIONS_DIR, log);
    await grantAppPrivileges(ownerUrl);
    log.info({ applied: applied.length, embedded: true }, 'database ready');
    return { url: withDatabase(server.appUrl, EMBEDDED_DATABASE), embedded: true, applied, stop: server.stop };
  } catch (e) {
    await server.stop().catch(() => {});
    throw e;
  }
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
