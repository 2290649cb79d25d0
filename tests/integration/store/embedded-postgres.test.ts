import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { createLogger } from '@/server/logger';

/**
 * The embedded PostgreSQL after a server of it was killed: its socket's lock file stays in
 * the temporary folder, and once the PID in it belongs to another live process, PostgreSQL
 * itself would refuse to start on that port.
 */
const root = mkdtempSync(path.join(os.tmpdir(), 'nl-embedded-'));
// As root, postgres runs as the `postgres` user, who must reach the data directory.
chmodSync(root, 0o755);
const cleanups: (() => Promise<void> | void)[] = [() => rmSync(root, { recursive: true, force: true })];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('startEmbeddedPostgres', () => {
  it('starts on a port whose socket lock names a live process that is not postgres', async () => {
    const port = await freePort();
    const lockFile = path.join(os.tmpdir(), `.s.PGSQL.${port}.lock`);
    // A live process that is not postgres holds the PID a killed server left in the lock.
    const other = spawn('sleep', ['60'], { stdio: 'ignore' });
    cleanups.push(() => void other.kill());
    cleanups.push(() => rmSync(lockFile, { force: true }));
    writeFileSync(lockFile, `${other.pid}\n${path.join(root, 'gone')}\n1795296218\n${port}\n${os.tmpdir()}\n`);

    const server = await startEmbeddedPostgres({ dataDir: path.join(root, 'postgres'), port, log: createLogger('warn', 'test') });
    cleanups.push(() => server.stop());
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    const { rows } = await client.query<{ port: string }>('SHOW port');
    await client.end();
    expect(rows[0].port).toBe(String(port));
    // The lock is the new server's now.
    expect(existsSync(lockFile)).toBe(true);
  });
});
