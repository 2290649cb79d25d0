import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppServer, type AppServer } from '@/server/app-server';
import { loadConfig } from '@/server/config';
import { createDb, type Db } from '@/server/db/client';
import { createLogger } from '@/server/logger';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { startTcpProxy } from '../../helpers/tcp-proxy';

let t: TestDatabase;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
let db: Db;
let server: AppServer;

beforeAll(async () => {
  t = await createTestDatabase();
  const url = new URL(t.url);
  proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  db = createDb(url.toString(), { max: 2 });
  const config = loadConfig({ NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
  server = await startAppServer({ config, log: createLogger('silent', 'readiness-test'), db, next: false });
});

afterAll(async () => {
  await server?.close();
  await db?.$disconnect().catch(() => undefined);
  await proxy?.close();
  await t?.drop();
});

const health = async () => {
  const res = await fetch(`${server.url}/healthz`);
  return { status: res.status, body: (await res.json()) as { ok: boolean; database: string } };
};

/** Health until it is ready (a loaded machine may take more than one probe's time to open the first connection). */
async function untilReady(ms: number) {
  const until = Date.now() + ms;
  let h = await health();
  while (h.status !== 200 && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 250));
    h = await health();
  }
  return h;
}

describe('/healthz is a readiness check', () => {
  it('is ready while PostgreSQL answers, fails while it is down, and recovers when it is back', async () => {
    expect(await untilReady(30_000)).toMatchObject({ status: 200, body: { ok: true, database: 'up' } });

    await proxy.cut();
    const started = Date.now();
    expect(await health()).toMatchObject({ status: 503, body: { ok: false, database: 'down' } });
    expect(Date.now() - started).toBeLessThan(5_000);

    await proxy.restore();
    expect(await untilReady(30_000)).toMatchObject({ status: 200, body: { ok: true, database: 'up' } });
  });
});
