/**
 * Issue #4: N simulated annotators (50 and 200) labelling over loopback for 60 s, through
 * the real app server (Socket.IO + PostgreSQL adapter + PostgreSQL, blind mode on, two
 * reads per scan, one correction in ten), against raw Socket.IO echo (same clients, same
 * schedule, the server only re-broadcasts) as the baseline. Reports committed labels/s,
 * broadcast latency p50/p95/p99 (send -> every other client receives) and the acked labels
 * missing or duplicated in the database. Targets: p99 < 1.5x raw and < 50 ms at 200.
 *
 * The server runs in a child process (this file with --serve), the clients in this one,
 * so each has a core. PostgreSQL: DATABASE_URL's server (a fresh database
 * neuroloop_bench_realtime), else an embedded one in .data/bench-postgres.
 *
 * Run: npx tsx bench/realtime.ts [--annotators 50,200] [--seconds 60] [--rate 0.5] [--seed 1]
 * Writes bench/results/realtime.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { encode } from 'next-auth/jwt';
import pg from 'pg';
import { Server } from 'socket.io';
import { io as connect, type Socket } from 'socket.io-client';
import { createRng } from '@/lib/random';
import type { AckFor, ClientMessage, ServerMessage } from '@/lib/realtime/protocol';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { createDb, type Db } from '@/server/db/client';
import { openDatabase, withDatabase } from '@/server/db/database';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { startAppServer } from '@/server/app-server';
import { attachRealtime } from '@/server/realtime/attach';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const BENCH_DB = 'neuroloop_bench_realtime';
const SECRET = process.env.BENCH_SECRET ?? 'bench-secret-0123456789abcdef0123';
const CORRECTION_SHARE = 0.1;
const RAW_PAD = 'x'.repeat(200);

// ---- server side (child process) --------------------------------------------------------

async function serve(kind: string, databaseUrl: string): Promise<void> {
  let close: () => Promise<void>;
  let url: string;
  if (kind === 'app') {
    const config = loadConfig({ NODE_ENV: 'production', PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, NEXTAUTH_SECRET: SECRET, LOG_LEVEL: 'warn', DATA_DIR: '.data/bench' });
    const db = createDb(databaseUrl, { max: 20 });
    const server = await startAppServer({ config, log: createLogger('warn', 'bench'), db, next: false, attachRealtime });
    url = server.url;
    close = async () => {
      await server.close();
      await db.$disconnect();
    };
  } else {
    const http = createServer();
    const io = new Server(http, { serveClient: false });
    io.on('connection', (socket) => {
      void socket.join('room');
      socket.on('echo', (msg: unknown, ack?: (ok: boolean) => void) => {
        socket.to('room').emit('echo', msg);
        ack?.(true);
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    const a = http.address();
    url = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
    close = async () => {
      await io.close();
    };
  }
  process.stdout.write(`READY ${url}\n`);
  process.on('SIGTERM', () => void close().finally(() => process.exit(0)));
}

function startServer(kind: 'app' | 'raw', databaseUrl: string): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof") profiles the server.
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', fileURLToPath(import.meta.url), '--serve', kind, databaseUrl], {
    cwd: root,
    env: { ...process.env, BENCH_SECRET: SECRET },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code})`)));
    child.stdout?.on('data', (b: Buffer) => {
      const m = /READY (\S+)/.exec(b.toString());
      if (m) resolve({ url: m[1], child });
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  child.removeAllListeners('exit');
  await new Promise<void>((r) => {
    child.once('exit', () => r());
    child.kill('SIGTERM');
  });
}

// ---- fixtures --------------------------------------------------------------------------

async function seed(db: Db, annotators: number, scans: number) {
  const tag = randomBytes(4).toString('hex');
  const project = await db.project.create({
    data: { slug: `bench-${tag}`, name: 'Realtime bench', task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'], labelsRequired: 2, blindMode: true },
  });
  const users = Array.from({ length: annotators }, (_, i) => ({ id: `bench-${tag}-u${i}`, email: `u${i}-${tag}@bench.local`, name: `Reader ${i}`, passwordHash: 'x', role: 'ANNOTATOR' as const }));
  await db.user.createMany({ data: users });
  await db.projectMember.createMany({ data: users.map((u) => ({ projectId: project.id, userId: u.id, role: 'ANNOTATOR' as const })) });
  await db.scan.createMany({
    data: Array.from({ length: scans }, (_, i) => ({
      id: `bench-${tag}-s${i}`,
      projectId: project.id,
      contentHash: `bench-${tag}-${i}`,
      fileHash: `bench-${tag}-${i}`,
      originalPath: '-',
      originalName: `scan-${i}.dcm`,
      previewPath: '-',
      thumbnailPath: '-',
      modality: 'CT',
      width: 64,
      height: 64,
    })),
  });
  return { project, users, scanIds: Array.from({ length: scans }, (_, i) => `bench-${tag}-s${i}`) };
}

// ---- clients ---------------------------------------------------------------------------

type Client = Socket;

async function connectAll(url: string, cookies: (string | null)[]): Promise<Client[]> {
  return Promise.all(
    cookies.map(
      (cookie) =>
        new Promise<Client>((resolve, reject) => {
          const s = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true, extraHeaders: cookie ? { cookie } : undefined });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
}

interface RunResult {
  sent: number;
  acked: number;
  errors: number;
  latenciesMs: number[];
  ackLatenciesMs: number[];
  ackedKeys: Set<string>;
  windowS: number;
}

/**
 * Every client sends at Poisson times (mean rate/s) for `seconds`, then waits for its
 * acks. `send` performs one action and resolves with the id that receivers will report.
 */
async function drive(
  clients: Client[],
  opts: { seconds: number; rate: number; seed: number },
  send: (i: number, k: number) => Promise<{ id: string; key: string } | null>,
  onReceive: (record: (id: string, client: number) => void) => void,
): Promise<RunResult> {
  const sentAt = new Map<string, { t: number; from: number }>();
  const received: { id: string; t: number; client: number }[] = [];
  onReceive((id, client) => received.push({ id, t: performance.now(), client }));
  const result: RunResult = { sent: 0, acked: 0, errors: 0, latenciesMs: [], ackLatenciesMs: [], ackedKeys: new Set(), windowS: opts.seconds };
  const rng = createRng(opts.seed);
  const start = performance.now();
  const end = start + opts.seconds * 1000;
  const pending: Promise<void>[] = [];
  const loops = clients.map(async (_, i) => {
    let t = start + (-Math.log(1 - rng.next()) / opts.rate) * 1000;
    for (let k = 0; t < end; k++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t - performance.now())));
      const t0 = performance.now();
      result.sent += 1;
      const p = send(i, k).then(
        (r) => {
          if (!r) return void (result.errors += 1);
          result.acked += 1;
          result.ackedKeys.add(r.key);
          result.ackLatenciesMs.push(performance.now() - t0);
          sentAt.set(r.id, { t: t0, from: i });
        },
        () => void (result.errors += 1),
      );
      pending.push(p);
      t += (-Math.log(1 - rng.next()) / opts.rate) * 1000;
    }
  });
  await Promise.all(loops);
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 1_000)); // the last broadcasts
  for (const r of received) {
    const s = sentAt.get(r.id);
    if (s && s.from !== r.client) result.latenciesMs.push(r.t - s.t);
  }
  return result;
}

async function runApp(url: string, db: Db, n: number, opts: { seconds: number; rate: number; seed: number }) {
  const perAnnotator = Math.ceil(opts.rate * opts.seconds * 1.6) + 10;
  const fx = await seed(db, n, Math.ceil(n / 2) * perAnnotator);
  const cookies = await Promise.all(fx.users.map((u) => encode({ token: { uid: u.id, email: u.email, name: u.name, role: u.role, sub: u.id }, secret: SECRET }).then((t) => `next-auth.session-token=${t}`)));
  const clients = await connectAll(url, cookies);
  const request = <K extends ClientMessage['type']>(s: Client, msg: Extract<ClientMessage, { type: K }>) => s.timeout(30_000).emitWithAck('req', msg) as Promise<AckFor<K>>;
  for (const s of clients) {
    const res = await request(s, { type: 'join', v: 1, project: fx.project.slug, lastSeq: null, summaries: false });
    if (!res.ok) throw new Error(`join: ${res.error.message}`);
  }
  const rng = createRng(opts.seed + 1);
  const last = new Map<number, { scanId: string; id: string; label: string }>();
  const half = Math.ceil(n / 2);
  const result = await drive(
    clients,
    opts,
    async (i, k) => {
      const prev = last.get(i);
      const correct = prev && rng.next() < CORRECTION_SHARE;
      // Readers 2p and 2p+1 read the same scans: two independent reads per scan.
      const scanId = correct ? prev.scanId : fx.scanIds[(Math.floor(i / 2) + k * half) % fx.scanIds.length];
      const label = correct ? (prev.label === 'normal' ? 'hemorrhage' : 'normal') : rng.next() < 0.5 ? 'normal' : 'hemorrhage';
      const key = `${i}-${k}-${randomBytes(4).toString('hex')}`;
      const res = await request(clients[i], { type: 'annotation.submit', idempotencyKey: key, scanId, supersedesId: correct ? prev.id : null, intent: { kind: 'label', labels: [label] } });
      if (!res.ok) return null;
      last.set(i, { scanId, id: res.data.annotation.annotation!.id, label });
      return { id: String(res.data.annotation.seq), key };
    },
    (record) => clients.forEach((s, c) => s.on('msg', (m: ServerMessage) => m.type === 'annotation.created' && record(String(m.seq), c))),
  );
  const rows = await db.annotation.groupBy({ by: ['idempotencyKey'], where: { projectId: fx.project.id }, _count: { _all: true } });
  const inDb = new Map(rows.map((r) => [r.idempotencyKey, r._count._all]));
  const missing = [...result.ackedKeys].filter((k) => !inDb.has(k)).length;
  const duplicated = rows.filter((r) => r._count._all > 1).length;
  const unacked = rows.filter((r) => !result.ackedKeys.has(r.idempotencyKey)).length;
  for (const s of clients) s.disconnect();
  return { ...result, committed: rows.length, missing, duplicated, committedWithoutAck: unacked };
}

async function runRaw(url: string, n: number, opts: { seconds: number; rate: number; seed: number }) {
  const clients = await connectAll(url, Array.from({ length: n }, () => null));
  const result = await drive(
    clients,
    opts,
    async (i, k) => {
      const id = `${i}-${k}`;
      await clients[i].timeout(30_000).emitWithAck('echo', { id, pad: RAW_PAD });
      return { id, key: id };
    },
    (record) => clients.forEach((s, c) => s.on('echo', (m: { id: string }) => record(m.id, c))),
  );
  for (const s of clients) s.disconnect();
  return result;
}

// ---- report ----------------------------------------------------------------------------

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return { count: s.length, p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), max: r(s.at(-1) ?? NaN) };
}

async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: withDatabase(process.env.DATABASE_URL, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.end();
    return { url: withDatabase(process.env.DATABASE_URL, BENCH_DB), stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({ dataDir: path.join(root, '.data/bench-postgres'), port: 54359, log: createLogger('warn', 'bench-pg') });
  const url = withDatabase(server.url, BENCH_DB);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.end();
  return { url, stop: server.stop };
}

async function main(): Promise<void> {
  const annotators = arg('annotators', '50,200').split(',').map(Number);
  const opts = { seconds: Number(arg('seconds', '60')), rate: Number(arg('rate', '0.5')), seed: Number(arg('seed', '1')) };
  const database = await benchDatabase();
  const log = createLogger('warn', 'bench');
  await openDatabase(loadConfig({ ...process.env, DATABASE_URL: database.url, DATA_DIR: '.data/bench', LOG_LEVEL: 'warn' }), log);
  const db = createDb(database.url, { max: 4 });
  const runs = [];
  try {
    for (const n of annotators) {
      process.stdout.write(`\n${n} annotators, ${opts.rate} labels/s each, ${opts.seconds} s\n`);
      const app = await startServer('app', database.url);
      const appResult = await runApp(app.url, db, n, opts).finally(() => stopServer(app.child));
      const raw = await startServer('raw', database.url);
      const rawResult = await runRaw(raw.url, n, opts).finally(() => stopServer(raw.child));
      const appLatency = summary(appResult.latenciesMs);
      const rawLatency = summary(rawResult.latenciesMs);
      const run = {
        annotators: n,
        /** 1-minute load average when the run ended: other work on the machine skews latencies. */
        loadAverage: Math.round(loadavg()[0] * 100) / 100,
        ratePerAnnotator: opts.rate,
        seconds: opts.seconds,
        app: {
          committedLabelsPerSecond: Math.round((appResult.committed / opts.seconds) * 10) / 10,
          sent: appResult.sent,
          acked: appResult.acked,
          refused: appResult.errors,
          broadcastLatencyMs: appLatency,
          ackLatencyMs: summary(appResult.ackLatenciesMs),
          ackedMissingInDb: appResult.missing,
          duplicatedInDb: appResult.duplicated,
          committedWithoutAck: appResult.committedWithoutAck,
        },
        raw: { messagesPerSecond: Math.round((rawResult.acked / opts.seconds) * 10) / 10, broadcastLatencyMs: rawLatency },
        p99Ratio: Math.round((appLatency.p99 / rawLatency.p99) * 100) / 100,
        targets: { p99UnderOneAndAHalfRaw: appLatency.p99 < 1.5 * rawLatency.p99, p99Under50Ms: appLatency.p99 < 50 },
      };
      runs.push(run);
      process.stdout.write(
        `  app: ${run.app.committedLabelsPerSecond} labels/s committed, broadcast p50/p95/p99 ${appLatency.p50}/${appLatency.p95}/${appLatency.p99} ms over ${appLatency.count} deliveries; ` +
          `acked missing ${run.app.ackedMissingInDb}, duplicated ${run.app.duplicatedInDb}\n` +
          `  raw Socket.IO: p50/p95/p99 ${rawLatency.p50}/${rawLatency.p95}/${rawLatency.p99} ms; p99 ratio ${run.p99Ratio}\n`,
      );
    }
  } finally {
    await db.$disconnect();
    await database.stop();
  }
  const out = {
    bench: 'realtime',
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version },
    setup: 'one app server (child process, Socket.IO + PostgreSQL adapter) and one client process over loopback; blind mode on; two reads per scan; 10% corrections',
    runs,
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/realtime.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwrote bench/results/realtime.json\n`);
}

if (process.argv[2] === '--serve') {
  serve(process.argv[3] ?? 'app', process.argv[4] ?? '').catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
} else {
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
}
