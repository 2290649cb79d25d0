/**
 * N simulated annotators (50 and 200) labelling over loopback for 60 s, through
 * the real app server (Socket.IO + PostgreSQL adapter + PostgreSQL, blind mode on, two
 * reads per scan, one correction in ten), against raw Socket.IO echo (same clients, same
 * schedule, the server only re-broadcasts) as the baseline. Reports committed labels/s,
 * broadcast latency p50/p95/p99 (send -> every other client receives) and the acked labels
 * missing or duplicated in the database. Targets: p99 < 1.5x raw and < 50 ms at 200.
 *
 * The server runs in a child process (this file with --serve), the annotators in
 * --client-processes others (this file with --clients, bench/realtime-clients.ts; app and
 * raw alike), and this one only seeds, checks the database and reports, with the CPU each
 * process group used while sending (bench/process-cpu.ts). PostgreSQL: DATABASE_URL's
 * server (a fresh database neuroloop_bench_realtime), else an embedded one in
 * .data/bench-postgres.
 *
 * Run: npx tsx bench/realtime.ts [--annotators 50,200] [--seconds 60] [--rate 0.5] [--seed 1]
 *        [--client-processes 2] [--slices 6] [--warmup 2] [--open-scans yes|no] [--out FILE]
 * Writes bench/results/realtime.json (or FILE).
 *
 * With --against DIR (another checkout of this repository, with node_modules, e.g. a git
 * worktree of an earlier revision) it measures this checkout's app server against DIR's
 * instead of raw Socket.IO, slice by slice, and writes bench/results/realtime-against.json.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { encode } from 'next-auth/jwt';
import pg from 'pg';
import { Server } from 'socket.io';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { createDb, type Db } from '@/server/db/client';
import { createInChunks } from '@/server/db/create-in-chunks';
import { openDatabase, withDatabase } from '@/server/db/database';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { startAppServer } from '@/server/app-server';
import { attachRealtime } from '@/server/realtime/attach';
import { cpuMeter } from './process-cpu';
import { monotonicMs, serveClients, type ClientReport, type ClientSpec } from './realtime-clients';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const BENCH_DB = 'neuroloop_bench_realtime';
/** The target is stated at this many annotators: p99 under 1.5x raw Socket.IO's, and under 50 ms. */
const TARGET_ANNOTATORS = 200;
const SECRET = process.env.BENCH_SECRET ?? 'bench-secret-0123456789abcdef0123';

// ---- server side (child process) --------------------------------------------------------

async function serve(kind: string, databaseUrl: string): Promise<void> {
  let close: () => Promise<void>;
  let url: string;
  if (kind === 'app') {
    const config = loadConfig({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      NEXTAUTH_SECRET: SECRET,
      LOG_LEVEL: 'warn',
      DATA_DIR: '.data/bench',
    });
    const db = createDb(databaseUrl, { max: 20 });
    const server = await startAppServer({
      config,
      log: createLogger('warn', 'bench'),
      db,
      next: false,
      attachRealtime,
    });
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

/** Node flags for a child process, space-separated in the environment variable `name`. */
const nodeArgsFrom = (name: string) => (process.env[name] ?? '').split(' ').filter(Boolean);

/** `checkout`: another checkout of this repository (with its node_modules), whose server runs instead. */
function startServer(
  kind: 'app' | 'raw',
  databaseUrl: string,
  checkout = root,
): Promise<{ url: string; child: ChildProcess }> {
  // BENCH_SERVER_NODE_ARGS (e.g. "--cpu-prof") profiles the server.
  const child = spawn(
    process.execPath,
    [
      ...nodeArgsFrom('BENCH_SERVER_NODE_ARGS'),
      '--import',
      'tsx',
      path.join(checkout, 'bench/realtime.ts'),
      '--serve',
      kind,
      databaseUrl,
    ],
    {
      cwd: checkout,
      env: { ...process.env, BENCH_SECRET: SECRET },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
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
    data: {
      slug: `bench-${tag}`,
      name: 'Realtime bench',
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      readsPerScan: 2,
      blindMode: true,
    },
  });
  const users = Array.from({ length: annotators }, (_, i) => ({
    id: `bench-${tag}-u${i}`,
    email: `u${i}-${tag}@bench.local`,
    name: `Reader ${i}`,
    passwordHash: 'x',
    role: 'ANNOTATOR' as const,
  }));
  await db.user.createMany({ data: users });
  await db.projectMember.createMany({
    data: users.map((u) => ({ projectId: project.id, userId: u.id, role: 'ANNOTATOR' as const })),
  });
  const scanRows = Array.from({ length: scans }, (_, i) => ({
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
  }));
  await createInChunks(scanRows, (data) => db.scan.createMany({ data }));
  return { project, users, scanIds: Array.from({ length: scans }, (_, i) => `bench-${tag}-s${i}`) };
}

// ---- clients (child processes: bench/realtime-clients.ts) ------------------------------

type Opts = {
  seconds: number;
  rate: number;
  seed: number;
  processes: number;
  openScans: boolean;
  slices: number;
  warmup: number;
};

type ChildMessage = { type: 'ready' } | { type: 'report'; report: ClientReport } | { type: 'error'; message: string };

/** A client process (this file with --clients), talking IPC by structured clone (typed arrays travel as such). */
function forkClients(): ChildProcess {
  // BENCH_CLIENT_NODE_ARGS (e.g. "--cpu-prof") profiles the client processes.
  return spawn(
    process.execPath,
    [...nodeArgsFrom('BENCH_CLIENT_NODE_ARGS'), '--import', 'tsx', fileURLToPath(import.meta.url), '--clients'],
    { cwd: root, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' },
  );
}

/** The child's next message of `type`; rejects on its error report or its exit. */
function nextMessage<T extends ChildMessage['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<ChildMessage, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type !== type && m.type !== 'error') return;
      cleanup();
      if (m.type === 'error') reject(new Error(m.message));
      else resolve(m as Extract<ChildMessage, { type: T }>);
    };
    const onExit = (code: number | null) => (cleanup(), reject(new Error(`client process exited (${code})`)));
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/**
 * Runs the annotators, spread over `processes` client processes (annotator i in process
 * i mod processes), from one common start time; the CPU meter covers the sending window.
 */
async function runClients(
  base: Omit<ClientSpec, 'mine'>,
  cookies: (string | null)[],
  opts: Opts,
  meter: (clientPids: number[]) => ReturnType<typeof cpuMeter>,
) {
  const workers = Array.from({ length: opts.processes }, forkClients);
  try {
    await Promise.all(
      workers.map((child, p) => {
        const ready = nextMessage(child, 'ready');
        const mine = cookies.map((cookie, index) => ({ index, cookie })).filter((m) => m.index % opts.processes === p);
        child.send({ type: 'spec', spec: { ...base, mine } satisfies ClientSpec });
        return ready;
      }),
    );
    const cpu = meter(workers.map((child) => child.pid ?? 0));
    await cpu.start();
    const startAt = monotonicMs() + 200;
    const reports = Promise.all(workers.map((child) => nextMessage(child, 'report')));
    for (const child of workers) child.send({ type: 'go', startAt });
    await new Promise((r) => setTimeout(r, startAt + (base.warmup + base.seconds) * 1000 - monotonicMs()));
    const cpuPercent = await cpu.stop();
    return { ...merge((await reports).map((m) => m.report)), cpuPercent };
  } finally {
    for (const child of workers) if (child.exitCode === null) child.kill();
  }
}

/** Pairs every receipt with its send (any process) and keeps the latencies to the others. */
function merge(reports: ClientReport[]) {
  const sentAt = new Map<number, { t: number; from: number }>();
  for (const r of reports) r.sends.id.forEach((id, j) => sentAt.set(id, { t: r.sends.t[j], from: r.sends.from[j] }));
  const latenciesMs: number[] = [];
  for (const r of reports) {
    const { id, t, client } = r.receives;
    for (let j = 0; j < id.length; j++) {
      const s = sentAt.get(id[j]);
      if (s && s.from !== client[j]) latenciesMs.push(t[j] - s.t);
    }
  }
  const sum = (f: (r: ClientReport) => number) => reports.reduce((a, r) => a + f(r), 0);
  return {
    sent: sum((r) => r.sent),
    acked: sum((r) => r.acked),
    errors: sum((r) => r.errors),
    labelsPerMessage:
      Math.round(
        (sum((r) => r.frames.labels) /
          Math.max(
            1,
            sum((r) => r.frames.count),
          )) *
          100,
      ) / 100,
    ackLatenciesMs: reports.flatMap((r) => r.ackLatenciesMs),
    ackedKeys: new Set(reports.flatMap((r) => r.ackedKeys)),
    latenciesMs,
  };
}

/** Scans each annotator may label in one slice: its Poisson count stays far below this. */
const scansPerSlice = (opts: Opts) => Math.ceil(opts.rate * (opts.warmup + sliceSeconds(opts)) * 1.6) + 10;
const sliceSeconds = (opts: Opts) => opts.seconds / opts.slices;

type BenchServer = { url: string; child: ChildProcess };

async function seedApp(db: Db, n: number, opts: Opts) {
  const fx = await seed(db, n, Math.ceil(n / 2) * scansPerSlice(opts) * opts.slices);
  const cookies = await Promise.all(
    fx.users.map((u) =>
      encode({ token: { uid: u.id, email: u.email, name: u.name, role: u.role, sub: u.id }, secret: SECRET }).then(
        (t) => `next-auth.session-token=${t}`,
      ),
    ),
  );
  return { fx, cookies };
}

/** One slice of the app run: the same annotators go on to scans they have not labelled. */
function runAppSlice(
  server: BenchServer,
  app: Awaited<ReturnType<typeof seedApp>>,
  n: number,
  opts: Opts,
  slice: number,
  db: Db,
) {
  const base = {
    kind: 'app' as const,
    url: server.url,
    annotators: n,
    project: { slug: app.fx.project.slug, scanIds: app.fx.scanIds },
    seconds: sliceSeconds(opts),
    warmup: opts.warmup,
    rate: opts.rate,
    seed: opts.seed * 1000 + slice,
    openScans: opts.openScans,
    firstScan: slice * scansPerSlice(opts),
  };
  return runClients(base, app.cookies, opts, (clientPids) =>
    cpuMeter({
      server: () => [server.child.pid ?? 0],
      clients: () => clientPids,
      // The bench database's backends (the server's pools, and this process's idle one).
      postgres: async () =>
        (
          await db.$queryRaw<{ pid: number }[]>`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
        ).map((r) => r.pid),
    }),
  );
}

/** One slice of the raw run: the same schedule as the app slice with the same number. */
function runRawSlice(server: BenchServer, n: number, opts: Opts, slice: number) {
  const base = {
    kind: 'raw' as const,
    url: server.url,
    annotators: n,
    project: null,
    seconds: sliceSeconds(opts),
    warmup: opts.warmup,
    rate: opts.rate,
    seed: opts.seed * 1000 + slice,
    openScans: false,
    firstScan: 0,
  };
  return runClients(
    base,
    Array.from({ length: n }, () => null),
    opts,
    (clientPids) => cpuMeter({ server: () => [server.child.pid ?? 0], clients: () => clientPids }),
  );
}

type SliceResult = Awaited<ReturnType<typeof runClients>>;

/** The slices of one side as one run: latencies pooled, counts summed, CPU averaged. */
function pool(slices: SliceResult[]) {
  const sum = (f: (r: SliceResult) => number) => slices.reduce((a, r) => a + f(r), 0);
  const cpuPercent: Record<string, number> = {};
  for (const key of Object.keys(slices[0]?.cpuPercent ?? {}))
    cpuPercent[key] = Math.round((sum((r) => r.cpuPercent[key] ?? 0) / slices.length) * 10) / 10;
  return {
    sent: sum((r) => r.sent),
    acked: sum((r) => r.acked),
    errors: sum((r) => r.errors),
    labelsPerMessage: Math.round((sum((r) => r.labelsPerMessage) / slices.length) * 100) / 100,
    ackLatenciesMs: slices.flatMap((r) => r.ackLatenciesMs),
    ackedKeys: new Set(slices.flatMap((r) => [...r.ackedKeys])),
    latenciesMs: slices.flatMap((r) => r.latenciesMs),
    cpuPercent,
    /** Each slice's p99 (ms), in order: how much the machine moved during the run. */
    sliceP99: slices.map((r) => summary(r.latenciesMs).p99),
  };
}

/**
 * The app and raw Socket.IO, alternating in `slices` slices of equal length (app first)
 * with the same annotators and schedules, so that both meet the same moments of the
 * machine: on a shared virtual machine, stalls that come and go over a minute would
 * otherwise land on one side only. Then the database is checked against the app's acks.
 */
async function runBoth(db: Db, databaseUrl: string, n: number, opts: Opts) {
  const appData = await seedApp(db, n, opts);
  const [app, raw] = await Promise.all([startServer('app', databaseUrl), startServer('raw', databaseUrl)]);
  const appSlices: SliceResult[] = [];
  const rawSlices: SliceResult[] = [];
  try {
    for (let slice = 0; slice < opts.slices; slice++) {
      appSlices.push(await runAppSlice(app, appData, n, opts, slice, db));
      rawSlices.push(await runRawSlice(raw, n, opts, slice));
    }
  } finally {
    await Promise.all([stopServer(app.child), stopServer(raw.child)]);
  }
  return { app: await checked(db, appData.fx.project.id, pool(appSlices)), raw: pool(rawSlices) };
}

/**
 * --against DIR: this checkout's app server against DIR's (another revision), each with
 * its own project, alternating slices (the order flips every slice), to tell a change's
 * effect from the machine's moods.
 */
async function runAgainst(db: Db, databaseUrl: string, n: number, opts: Opts, checkout: string) {
  const [mineData, theirData] = [await seedApp(db, n, opts), await seedApp(db, n, opts)];
  const [mine, theirs] = await Promise.all([
    startServer('app', databaseUrl),
    startServer('app', databaseUrl, checkout),
  ]);
  const mineSlices: SliceResult[] = [];
  const theirSlices: SliceResult[] = [];
  try {
    for (let slice = 0; slice < opts.slices; slice++) {
      const runMine = async () => void mineSlices.push(await runAppSlice(mine, mineData, n, opts, slice, db));
      const runTheirs = async () => void theirSlices.push(await runAppSlice(theirs, theirData, n, opts, slice, db));
      if (slice % 2 === 0) await runMine().then(runTheirs);
      else await runTheirs().then(runMine);
    }
  } finally {
    await Promise.all([stopServer(mine.child), stopServer(theirs.child)]);
  }
  return {
    mine: await checked(db, mineData.fx.project.id, pool(mineSlices)),
    theirs: await checked(db, theirData.fx.project.id, pool(theirSlices)),
  };
}

/** The project's rows against the acks: every acked label stored once, nothing stored unacked. */
async function checked(db: Db, projectId: string, result: ReturnType<typeof pool>) {
  const rows = await db.annotation.groupBy({ by: ['idempotencyKey'], where: { projectId }, _count: { _all: true } });
  const inDb = new Set(rows.map((r) => r.idempotencyKey));
  const missing = [...result.ackedKeys].filter((k) => !inDb.has(k)).length;
  const duplicated = rows.filter((r) => r._count._all > 1).length;
  const unacked = rows.filter((r) => !result.ackedKeys.has(r.idempotencyKey)).length;
  return { ...result, committed: rows.length, missing, duplicated, committedWithoutAck: unacked };
}

// ---- report ----------------------------------------------------------------------------

/** One app server's side of a run, as reported. */
function sideReport(r: Awaited<ReturnType<typeof checked>>, opts: Opts) {
  return {
    committedLabelsPerSecond: Math.round((r.committed / opts.seconds) * 10) / 10,
    sent: r.sent,
    acked: r.acked,
    refused: r.errors,
    broadcastLatencyMs: summary(r.latenciesMs),
    /** Labels per Socket.IO message the receivers got (the server batches one turn's broadcasts; raw: 1). */
    labelsPerMessage: r.labelsPerMessage,
    ackLatencyMs: summary(r.ackLatenciesMs),
    ackedMissingInDb: r.missing,
    duplicatedInDb: r.duplicated,
    committedWithoutAck: r.committedWithoutAck,
    cpuPercentOfOneCore: r.cpuPercent,
    sliceP99Ms: r.sliceP99,
  };
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    count: s.length,
    p50: r(percentile(s, 50)),
    p95: r(percentile(s, 95)),
    p99: r(percentile(s, 99)),
    max: r(s.at(-1) ?? NaN),
  };
}

async function benchDatabase(): Promise<{ url: string; stop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const admin = new pg.Client({ connectionString: withDatabase(process.env.DATABASE_URL, 'postgres') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.end();
    return { url: withDatabase(process.env.DATABASE_URL, BENCH_DB), stop: async () => {} };
  }
  const server = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data/bench-postgres'),
    port: 54359,
    log: createLogger('warn', 'bench-pg'),
  });
  const url = withDatabase(server.url, BENCH_DB);
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
  await admin.end();
  return { url, stop: server.stop };
}

async function main(): Promise<void> {
  const annotators = arg('annotators', '50,200').split(',').map(Number);
  const opts = {
    seconds: Number(arg('seconds', '60')),
    rate: Number(arg('rate', '0.5')),
    seed: Number(arg('seed', '1')),
    processes: Number(arg('client-processes', '2')),
    openScans: arg('open-scans', 'yes') === 'yes',
    slices: Number(arg('slices', '6')),
    warmup: Number(arg('warmup', '2')),
  };
  const database = await benchDatabase();
  const log = createLogger('warn', 'bench');
  await openDatabase(
    loadConfig({ ...process.env, DATABASE_URL: database.url, DATA_DIR: '.data/bench', LOG_LEVEL: 'warn' }),
    log,
  );
  const db = createDb(database.url, { max: 4 });
  const against = arg('against', '');
  const shared = {
    ratePerAnnotator: opts.rate,
    seconds: opts.seconds,
    clientProcesses: opts.processes,
    /** App annotators open the scan they label next (scan.open), as the viewer does. */
    openScans: opts.openScans,
    /** The two sides alternated in this many slices of equal length. */
    slices: opts.slices,
    /** Untimed seconds at the start of each slice (new client processes warming up). */
    warmupSeconds: opts.warmup,
  };
  const runs = [];
  try {
    for (const n of annotators) {
      process.stdout.write(`\n${n} annotators, ${opts.rate} labels/s each, ${opts.seconds} s\n`);
      const loadAtStart = Math.round(loadavg()[0] * 100) / 100;
      if (against) {
        const { mine, theirs } = await runAgainst(db, database.url, n, opts, against);
        const run = {
          annotators: n,
          loadAverage: { start: loadAtStart, end: Math.round(loadavg()[0] * 100) / 100 },
          ...shared,
          mine: sideReport(mine, opts),
          against: { checkout: against, ...sideReport(theirs, opts) },
        };
        runs.push(run);
        const line = (name: string, r: ReturnType<typeof sideReport>) =>
          `  ${name}: p50/p95/p99 ${r.broadcastLatencyMs.p50}/${r.broadcastLatencyMs.p95}/${r.broadcastLatencyMs.p99} ms, slice p99s ${r.sliceP99Ms.join(' ')}; CPU ${JSON.stringify(r.cpuPercentOfOneCore)}; acked missing ${r.ackedMissingInDb}, duplicated ${r.duplicatedInDb}\n`;
        process.stdout.write(line('this checkout', run.mine) + line(against, run.against));
        continue;
      }
      const { app: appResult, raw: rawResult } = await runBoth(db, database.url, n, opts);
      const appLatency = summary(appResult.latenciesMs);
      const rawLatency = summary(rawResult.latenciesMs);
      const run = {
        annotators: n,
        /** 1-minute load average when the run started and ended: other work on the machine skews latencies. */
        loadAverage: { start: loadAtStart, end: Math.round(loadavg()[0] * 100) / 100 },
        ...shared,
        app: sideReport(appResult, opts),
        raw: {
          messagesPerSecond: Math.round((rawResult.acked / opts.seconds) * 10) / 10,
          broadcastLatencyMs: rawLatency,
          cpuPercentOfOneCore: rawResult.cpuPercent,
          sliceP99Ms: rawResult.sliceP99,
        },
        p99Ratio: Math.round((appLatency.p99 / rawLatency.p99) * 100) / 100,
        /** Checked at TARGET_ANNOTATORS only; other sizes report their ratio without a target. */
        targets:
          n === TARGET_ANNOTATORS
            ? { p99UnderOneAndAHalfRaw: appLatency.p99 < 1.5 * rawLatency.p99, p99Under50Ms: appLatency.p99 < 50 }
            : null,
      };
      const verdict = run.targets
        ? `; target (p99 < 1.5x raw and < 50 ms at ${TARGET_ANNOTATORS}): ${run.targets.p99UnderOneAndAHalfRaw && run.targets.p99Under50Ms ? 'met' : 'not met'}`
        : '';
      runs.push(run);
      process.stdout.write(
        `  app: ${run.app.committedLabelsPerSecond} labels/s committed, broadcast p50/p95/p99 ${appLatency.p50}/${appLatency.p95}/${appLatency.p99} ms over ${appLatency.count} deliveries, ${run.app.labelsPerMessage} labels per message; ` +
          `acked missing ${run.app.ackedMissingInDb}, duplicated ${run.app.duplicatedInDb}\n` +
          `  raw Socket.IO: p50/p95/p99 ${rawLatency.p50}/${rawLatency.p95}/${rawLatency.p99} ms; p99 ratio ${run.p99Ratio}${verdict}\n` +
          `  CPU (% of one core) app ${JSON.stringify(appResult.cpuPercent)}, raw ${JSON.stringify(rawResult.cpuPercent)}; load ${loadAtStart} -> ${run.loadAverage.end}\n`,
      );
    }
  } finally {
    await db.$disconnect();
    await database.stop();
  }
  const out = {
    bench: 'realtime',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memoryGb: Math.round(totalmem() / 2 ** 30),
      node: process.version,
    },
    target: `at ${TARGET_ANNOTATORS} annotators: broadcast p99 under 1.5x raw Socket.IO's and under 50 ms`,
    setup:
      `one app server (child process: Socket.IO + PostgreSQL adapter, broadcasts batched per event-loop turn) and the annotators spread over ${opts.processes} client process(es) ` +
      '(socket.io-client, one connection each; the raw Socket.IO echo baseline uses the same processes, schedules and receivers) over loopback; ' +
      `app and raw alternate in ${opts.slices} slices each of ${sliceSeconds(opts)} s, so that both meet the same moments of a shared machine; ` +
      `each slice starts new client processes and first runs ${opts.warmup} s untimed (their labels are still checked in the database); ` +
      'blind mode on; two reads per scan; 10% corrections; latency is send -> receipt at every other client, on the shared monotonic clock' +
      (against
        ? `; --against: this checkout's app server against ${against}'s, each with its own project, in place of raw Socket.IO`
        : ''),
    runs,
  };
  const file = path.resolve(
    root,
    arg('out', against ? 'bench/results/realtime-against.json' : 'bench/results/realtime.json'),
  );
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwrote ${path.relative(root, file)}\n`);
}

if (process.argv[2] === '--clients') {
  serveClients();
} else if (process.argv[2] === '--serve') {
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
