import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LiveSession } from '@/lib/realtime/live-session';
import { openScanView } from '@/lib/realtime/scan-view';
import { loadConfig } from '@/server/config';
import { createDb, type Db } from '@/server/db/client';
import { openDatabase, withDatabase } from '@/server/db/database';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { createLogger } from '@/server/logger';
import { liveSessionAs, recordAcks, sleep, waitUntil } from '../../helpers/realtime-client';
import { liveProjectOf, realtimeProject } from '../../helpers/realtime-fixtures';

/**
 * kill -9 of the app server and then of PostgreSQL while readers label: every edit the
 * clients made is written exactly once (each acked one among them), and the sequence has
 * no gap. Its own PostgreSQL (it is killed) and its own app server process.
 */
const root = path.resolve(import.meta.dirname, '../../..');
const log = createLogger('silent', 'kill-9');
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

let appLog = '';
const appOutput = () => appLog;

function startApp(databaseUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'tests/helpers/app-server-process.ts')], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), TEST_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (d: Buffer) => (appLog += d.toString()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      appLog += d.toString();
      if (out.includes('ready ')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`app server exited (${code}) before it was ready`)));
  });
}

function kill9(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

describe('kill -9 mid-stream', () => {
  it('of the app server and then of PostgreSQL loses and duplicates nothing', async () => {
    const dataDir = path.join(root, `.data/kill9-postgres-${randomBytes(3).toString('hex')}`);
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const pgPort = await freePort();
    let pgServer = await startEmbeddedPostgres({ dataDir, port: pgPort, log });
    cleanup.push(() => pgServer.stop());
    const url = withDatabase(pgServer.url, 'neuroloop_kill9');
    await openDatabase(loadConfig({ NODE_ENV: 'test', DATABASE_URL: url }), log);
    const db: Db = createDb(url, { max: 4 });
    cleanup.push(() => db.$disconnect());
    const readers = 3;
    const fx = await realtimeProject(db, { blindMode: false, readers, scans: 300 });

    const appPort = await freePort();
    let app = await startApp(url, appPort);
    cleanup.push(async () => kill9(app.pid!));
    const appUrl = `http://127.0.0.1:${appPort}`;

    const acked = new Map<string, number>();
    const sessions: LiveSession[] = [];
    for (const r of fx.readers) {
      const { session } = await liveSessionAs(appUrl, r, liveProjectOf(fx.project), {
        wrap: (t) => recordAcks(t, acked),
      });
      sessions.push(session);
      cleanup.push(async () => session.dispose());
    }

    // Each reader labels its own scans, one after another, as fast as its scans load.
    const submitted: string[] = [];
    let labelling = true;
    const loops = sessions.map(async (session, r) => {
      for (let i = r; labelling && i < fx.scans.length; i += readers) {
        const scanId = fx.scans[i].id;
        while (labelling) {
          await session.open(scanId);
          const loaded = await waitUntil(() => openScanView(session.getState())?.loaded === true, 2_000).then(
            () => true,
            () => false,
          );
          const key = loaded ? session.submit({ kind: 'label', labels: [i % 2 ? 'glioma' : 'normal'] }) : null;
          if (key) {
            submitted.push(key);
            break;
          }
          await sleep(100);
        }
        await sleep(20);
      }
    });

    await sleep(2_500);
    kill9(app.pid!);
    await sleep(1_000);
    app = await startApp(url, appPort);
    await sleep(2_500);
    const postmaster = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    kill9(postmaster);
    await sleep(1_000);
    pgServer = await startEmbeddedPostgres({ dataDir, port: pgPort, log });
    await sleep(3_000);
    labelling = false;
    await Promise.all(loops);
    await waitUntil(
      () => sessions.every((s) => s.getState().outbox.length === 0),
      90_000,
      'every outbox to drain',
    ).catch((e: unknown) => {
      const states = sessions.map((s) => {
        const st = s.getState();
        return {
          connection: st.connection,
          joined: st.joined,
          outbox: st.outbox.length,
          waiting: st.waiting,
          notices: st.notices,
        };
      });
      throw new Error(`${(e as Error).message}: ${JSON.stringify(states)}; app: ${appOutput().slice(-3000)}`);
    });

    const rows = await db.annotation.findMany({
      where: { projectId: fx.project.id },
      select: { idempotencyKey: true, seq: true },
      orderBy: { seq: 'asc' },
    });
    const written = rows.map((r) => r.idempotencyKey);
    console.log(`kill -9: ${submitted.length} edits made, ${acked.size} acked, ${rows.length} rows`);
    expect(submitted.length).toBeGreaterThan(10);
    expect(new Set(written).size).toBe(written.length);
    expect([...written].sort()).toEqual([...submitted].sort());
    for (const key of acked.keys()) expect(written).toContain(key);
    expect(rows.map((r) => Number(r.seq))).toEqual(rows.map((_, i) => i + 1));
  }, 560_000);
});
