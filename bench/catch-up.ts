/**
 * A reconnect storm: `--clients` (200) annotators rejoin a project of `--labels` (100,000)
 * labels at once, each `--behind` (1,000) events behind, and catch up page by page.
 * Measures each client's time from its join request to holding every event (the join's
 * answer and the pages after it), and the server's memory (RSS) before and during.
 * The server runs in this process (Socket.IO, no Next), the clients in `--client-processes`
 * child processes (2).
 *
 * Run: npx tsx bench/catch-up.ts [--clients 200] [--labels 100000] [--behind 1000] [--client-processes 2] [--pg-port 54653]
 * JSON: bench/results/catch-up.json
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { encode } from 'next-auth/jwt';
import { io as connect, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type CatchUp } from '@/lib/realtime/protocol';
import { startAppServer } from '@/server/app-server';
import { loadConfig } from '@/server/config';
import { createDb } from '@/server/db/client';
import { openDatabase, withDatabase } from '@/server/db/database';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { createLogger } from '@/server/logger';
import { attachRealtime } from '@/server/realtime/attach';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SECRET = 'bench-catch-up-secret-0123456789abcdef';
const DB = 'neuroloop_bench_catchup';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

// ---- the clients (child process) ----------------------------------------------------------

interface ClientJob {
  url: string;
  slug: string;
  cookies: string[];
  lastSeq: number;
  upTo: number;
}

async function runClients(job: ClientJob): Promise<void> {
  const sockets: Socket[] = await Promise.all(
    job.cookies.map(
      (cookie) =>
        new Promise<Socket>((resolve, reject) => {
          const s = connect(job.url, { transports: ['websocket'], extraHeaders: { cookie }, reconnection: false });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
  const ask = (s: Socket, msg: unknown) =>
    new Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>((resolve) =>
      s.emit('req', msg, (ack: { ok: boolean; data?: unknown }) => resolve(ack)),
    );
  const started = performance.now();
  const results = await Promise.all(
    sockets.map(async (s) => {
      const t0 = performance.now();
      const joined = await ask(s, {
        type: 'join',
        v: PROTOCOL_VERSION,
        project: job.slug,
        lastSeq: job.lastSeq,
        summaries: false,
      });
      if (!joined.ok) return { ms: NaN, joinMs: NaN, events: 0, pages: 0, error: joined.error?.code ?? 'join' };
      const joinMs = performance.now() - t0;
      let c = (joined.data as { catchUp: CatchUp }).catchUp;
      let events = c.kind === 'events' ? c.events.length : 0;
      let pages = 1;
      while (c.kind === 'events' && c.more) {
        const next = await ask(s, { type: 'events.since', lastSeq: c.upTo });
        if (!next.ok) return { ms: NaN, joinMs, events, pages, error: next.error?.code ?? 'page' };
        c = next.data as CatchUp;
        events += c.kind === 'events' ? c.events.length : 0;
        pages += 1;
      }
      const upTo = c.kind === 'events' ? c.upTo : c.seq;
      return { ms: performance.now() - t0, joinMs, events, pages, error: upTo === job.upTo ? null : 'short' };
    }),
  );
  for (const s of sockets) s.disconnect();
  process.send?.({ results, wallMs: performance.now() - started });
}

// ---- the server and the measurement (this process) -------------------------------------

async function seed(url: string, clients: number, labels: number) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const readsPerScan = 4;
  const scans = Math.ceil(labels / readsPerScan);
  await c.query('BEGIN');
  await c.query(
    `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt")
    SELECT 'u' || i, 'reader' || i || '@bench.local', 'Reader ' || i, 'x', 'ANNOTATOR', now() FROM generate_series(1, $1) i`,
    [clients],
  );
  await c.query(
    `INSERT INTO "Project" (id, slug, name, task, labels, "normalLabels", "blindMode", "readsPerScan", "lastSequence", "updatedAt")
    VALUES ('p1', 'bench-catch-up', 'Catch-up bench', 'MULTICLASS', ARRAY['normal','glioma','meningioma'], ARRAY['normal'], false, $1, $2, now())`,
    [readsPerScan, labels],
  );
  await c.query(
    `INSERT INTO "ProjectMember" ("projectId", "userId", role)
    SELECT 'p1', 'u' || i, 'ANNOTATOR' FROM generate_series(1, $1) i`,
    [clients],
  );
  await c.query(
    `INSERT INTO "Scan" (id, "projectId", "contentHash", "fileHash", "originalPath", "originalName", "previewPath", "thumbnailPath", modality, width, height)
    SELECT 's' || i, 'p1', 'h' || i, 'f' || i, 'o', 'scan-' || i || '.dcm', 'p', 't', 'MR', 128, 128 FROM generate_series(1, $1) i`,
    [scans],
  );
  // Label n (1-based) is the ((n-1) % 4)-th read of scan ceil(n / 4), by reader ((n-1) % clients) + 1.
  await c.query(
    `INSERT INTO "Annotation" (id, "projectId", "scanId", "authorId", source, action, value, seq, "idempotencyKey")
    SELECT 'a' || n, 'p1', 's' || ((n - 1) / 4 + 1), 'u' || (((n - 1) % $2) + 1), 'HUMAN', 'LABEL',
           jsonb_build_object('labels', jsonb_build_array((ARRAY['normal','glioma','meningioma'])[(n % 3) + 1])), n, 'k' || n
    FROM generate_series(1, $1) n`,
    [labels, clients],
  );
  await c.query('COMMIT');
  await c.query('ANALYZE');
  await c.end();
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const round = (v: number) => Math.round(v * 10) / 10;

async function main(): Promise<void> {
  const clients = Number(arg('clients', '200'));
  const labels = Number(arg('labels', '100000'));
  const behind = Number(arg('behind', '1000'));
  const log = createLogger('warn', 'bench');
  const pgServer = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data/bench-catchup-postgres'),
    port: Number(arg('pg-port', '54653')),
    log,
  });
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  const url = withDatabase(pgServer.url, DB);
  const config = loadConfig({
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: url,
    NEXTAUTH_SECRET: SECRET,
    LOG_LEVEL: 'warn',
    DATA_DIR: '.data/bench',
  });
  await openDatabase(config, log);
  const seeded = performance.now();
  await seed(url, clients, labels);
  const seedMs = performance.now() - seeded;
  const db = createDb(url, { max: 20 });
  const server = await startAppServer({ config, log, db, next: false, attachRealtime });
  const cookies = await Promise.all(
    Array.from({ length: clients }, (_, i) =>
      encode({
        token: {
          uid: `u${i + 1}`,
          email: `reader${i + 1}@bench.local`,
          name: `Reader ${i + 1}`,
          role: 'ANNOTATOR',
          sub: `u${i + 1}`,
        },
        secret: SECRET,
      }).then((t) => `next-auth.session-token=${t}`),
    ),
  );
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  // Clients in several processes, as 200 browsers would be: one process parsing every
  // client's pages on one thread would measure itself rather than the server.
  const processes = Math.max(1, Math.min(clients, Number(arg('client-processes', '2'))));
  const started = performance.now();
  const parts = await Promise.all(
    Array.from({ length: processes }, (_, p) => {
      const share = cookies.filter((_, i) => i % processes === p);
      const child = fork(fileURLToPath(import.meta.url), ['--child'], { execArgv: ['--import', 'tsx'] });
      const job: ClientJob = {
        url: server.url,
        slug: 'bench-catch-up',
        cookies: share,
        lastSeq: labels - behind,
        upTo: labels,
      };
      return new Promise<{
        results: { ms: number; joinMs: number; events: number; pages: number; error: string | null }[];
        wallMs: number;
      }>((resolve, reject) => {
        // The child says when it listens (a message sent before that would be lost), then reports.
        child.on('message', (m) => (m === 'ready' ? child.send(job) : resolve(m as never)));
        child.once('error', reject);
        child.once('exit', (code) => reject(new Error(`the client process exited with code ${code}`)));
      }).finally(() => child.kill());
    }),
  );
  const report = { results: parts.flatMap((p) => p.results), wallMs: performance.now() - started };
  clearInterval(sampler);
  const ok = report.results.filter((r) => r.error === null);
  const times = ok.map((r) => r.ms).sort((a, b) => a - b);
  const joins = ok.map((r) => r.joinMs).sort((a, b) => a - b);
  const result = {
    bench: 'catch-up',
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown'} x${os.availableParallelism()}, Node ${process.version}`,
    loadAverage1m: os.loadavg()[0],
    clients,
    clientProcesses: processes,
    labels,
    behind,
    pageEvents: config.CATCH_UP_PAGE_EVENTS,
    seedSeconds: round(seedMs / 1000),
    failed: report.results.length - ok.length,
    errors: [...new Set(report.results.map((r) => r.error).filter(Boolean))],
    eventsPerClient: ok[0]?.events ?? 0,
    pagesPerClient: ok[0]?.pages ?? 0,
    caughtUpMs: {
      p50: round(percentile(times, 50)),
      p99: round(percentile(times, 99)),
      max: round(times.at(-1) ?? NaN),
    },
    joinAckMs: {
      p50: round(percentile(joins, 50)),
      p99: round(percentile(joins, 99)),
      max: round(joins.at(-1) ?? NaN),
    },
    wallSeconds: round(report.wallMs / 1000),
    serverRssMb: { before: Math.round(rssBefore / 2 ** 20), peak: Math.round(rssPeak / 2 ** 20) },
    target: 'p99 < 2000 ms to join and catch up, memory bounded',
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/catch-up.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  await server.close();
  await db.$disconnect();
  await pgServer.stop();
}

if (process.argv.includes('--child')) {
  process.once('message', (job) => void runClients(job as ClientJob).then(() => process.exit(0)));
  process.send?.('ready');
} else {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
