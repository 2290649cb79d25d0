/**
 * The simulated annotators of bench/realtime.ts, in a client process of their own (the
 * bench forks one or more): a share of the annotators connect, wait for a common start
 * time, send at Poisson times, and report what they sent and received. Times are on the
 * machine's monotonic clock (process.hrtime), the same in every process, so the parent
 * can pair a send in one client process with its receipt in another.
 *
 * App and raw Socket.IO echo run through the same code, the same schedule (one seeded
 * generator per annotator) and the same process layout; only the message differs.
 */
import { randomBytes } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { createRng } from '@/lib/random';
import { PROTOCOL_VERSION, type AckFor, type ClientMessage, type ServerMessage } from '@/lib/realtime/protocol';
import { eachServerMessage } from '@/lib/realtime/unpack';

const CORRECTION_SHARE = 0.1;
const RAW_PAD = 'x'.repeat(200);
/** Raw echo ids: annotator * this + the annotator's k-th send (numbers travel cheaply). */
const RAW_ID_STRIDE = 1_000_000;

export interface ClientSpec {
  kind: 'app' | 'raw';
  url: string;
  /** Every annotator in the run (their global index) ... */
  annotators: number;
  /** ... and those this process simulates, with their session cookies (raw: none). */
  mine: { index: number; cookie: string | null }[];
  project: { slug: string; scanIds: string[] } | null;
  /** Measured seconds, after `warmup` seconds whose labels count only for the database check. */
  seconds: number;
  warmup: number;
  rate: number;
  seed: number;
  /** App: each annotator opens (scan.open) the scan it will label next, as the viewer does, once its label is acked. */
  openScans: boolean;
  /** App: where this slice starts in each annotator's list of scans (earlier slices labelled those before). */
  firstScan: number;
}

/** What one client process saw. Ids: the label's seq (app) or the echo id (raw). */
export interface ClientReport {
  sent: number;
  acked: number;
  errors: number;
  /** Socket.IO messages that carried labels (a batch counts once), and the labels in them. */
  frames: { count: number; labels: number };
  ackLatenciesMs: number[];
  ackedKeys: string[];
  sends: { id: Float64Array; t: Float64Array; from: Int32Array };
  receives: { id: Float64Array; t: Float64Array; client: Int32Array };
}

export const monotonicMs = (): number => Number(process.hrtime.bigint()) / 1e6;

type Client = Socket;
type ParentMessage = { type: 'spec'; spec: ClientSpec } | { type: 'go'; startAt: number };

/** A growable column of numbers, copied into a typed array at the end. */
function column() {
  const values: number[] = [];
  return {
    push: (v: number) => void values.push(v),
    f64: () => Float64Array.from(values),
    i32: () => Int32Array.from(values),
  };
}

async function connectAll(url: string, cookies: (string | null)[]): Promise<Client[]> {
  return Promise.all(
    cookies.map(
      (cookie) =>
        new Promise<Client>((resolve, reject) => {
          const s = connect(url, {
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            extraHeaders: cookie ? { cookie } : undefined,
          });
          s.once('connect', () => resolve(s));
          s.once('connect_error', reject);
        }),
    ),
  );
}

/** Connects and joins this process's annotators; resolves with the driver to start at `startAt`. */
async function prepare(spec: ClientSpec) {
  const clients = await connectAll(
    spec.url,
    spec.mine.map((m) => m.cookie),
  );
  const receives = { id: column(), t: column(), client: column(), frames: { count: 0, labels: 0 } };
  const record = (id: number, local: number) => {
    receives.id.push(id);
    receives.t.push(monotonicMs());
    receives.client.push(spec.mine[local].index);
  };
  const frames = (labels: number) => {
    if (labels === 0) return;
    receives.frames.count += 1;
    receives.frames.labels += labels;
  };
  const send =
    spec.kind === 'app' ? await appSender(spec, clients, record, frames) : rawSender(spec, clients, record, frames);
  return (startAt: number) => drive(spec, clients, send, startAt, receives);
}

type Send = (local: number, k: number) => Promise<{ id: number; key: string } | null>;

async function appSender(
  spec: ClientSpec,
  clients: Client[],
  record: (id: number, local: number) => void,
  frames: (labels: number) => void,
): Promise<Send> {
  const project = spec.project;
  if (!project) throw new Error('the app run needs its project');
  const request = <K extends ClientMessage['type']>(s: Client, msg: Extract<ClientMessage, { type: K }>) =>
    s.timeout(30_000).emitWithAck('req', msg) as Promise<AckFor<K>>;
  for (const s of clients) {
    const res = await request(s, {
      type: 'join',
      v: PROTOCOL_VERSION,
      project: project.slug,
      lastSeq: null,
      summaries: false,
    });
    if (!res.ok) throw new Error(`join: ${res.error.message}`);
  }
  clients.forEach((s, local) => {
    let labels = 0;
    const unpack = eachServerMessage((m: ServerMessage) => {
      if (m.type !== 'annotation.created') return;
      labels += 1;
      record(m.seq, local);
    });
    s.on('msg', (wire) => {
      labels = 0;
      unpack(wire);
      frames(labels);
    });
  });
  const last = new Map<number, { scanId: string; id: string; label: string }>();
  const rngs = spec.mine.map((m) => createRng(spec.seed * 7919 + m.index + 1));
  const half = Math.ceil(spec.annotators / 2);
  // Readers 2p and 2p+1 read the same scans: two independent reads per scan.
  const scanFor = (i: number, k: number) =>
    project.scanIds[(Math.floor(i / 2) + (spec.firstScan + k) * half) % project.scanIds.length];
  const open = (local: number, k: number) =>
    request(clients[local], { type: 'scan.open', scanId: scanFor(spec.mine[local].index, k), resumeClaim: false });
  if (spec.openScans) await Promise.all(clients.map((_, local) => open(local, 0)));
  return async (local, k) => {
    const i = spec.mine[local].index;
    const rng = rngs[local];
    const prev = last.get(i);
    const correct = prev && rng.next() < CORRECTION_SHARE;
    const scanId = correct ? prev.scanId : scanFor(i, k);
    const label = correct
      ? prev.label === 'normal'
        ? 'hemorrhage'
        : 'normal'
      : rng.next() < 0.5
        ? 'normal'
        : 'hemorrhage';
    const key = `${i}-${k}-${randomBytes(4).toString('hex')}`;
    const res = await request(clients[local], {
      type: 'annotation.submit',
      idempotencyKey: key,
      scanId,
      supersedesId: correct ? prev.id : null,
      intent: { kind: 'label', labels: [label] },
    });
    if (!res.ok) return null;
    last.set(i, { scanId, id: res.data.annotation.annotation!.id, label });
    // On to the next scan; its load is not part of this label's latency.
    if (spec.openScans) void open(local, k + 1).catch(() => undefined);
    return { id: res.data.annotation.seq, key };
  };
}

function rawSender(
  spec: ClientSpec,
  clients: Client[],
  record: (id: number, local: number) => void,
  frames: (labels: number) => void,
): Send {
  clients.forEach((s, local) =>
    s.on('echo', (m: { id: number }) => {
      frames(1);
      record(m.id, local);
    }),
  );
  return async (local, k) => {
    const id = spec.mine[local].index * RAW_ID_STRIDE + k;
    await clients[local].timeout(30_000).emitWithAck('echo', { id, pad: RAW_PAD });
    return { id, key: String(id) };
  };
}

/**
 * Every annotator sends at Poisson times (mean `rate`/s, its own seeded schedule) from
 * `startAt` for `warmup` + `seconds` (only sends after the warm-up are timed), then waits
 * for its acks and a second more for the last broadcasts.
 */
type Receives = Record<'id' | 't' | 'client', ReturnType<typeof column>> & { frames: ClientReport['frames'] };

async function drive(
  spec: ClientSpec,
  clients: Client[],
  send: Send,
  startAt: number,
  receives: Receives,
): Promise<ClientReport> {
  const sends = { id: column(), t: column(), from: column() };
  const report = { sent: 0, acked: 0, errors: 0, ackLatenciesMs: [] as number[], ackedKeys: [] as string[] };
  const measureFrom = startAt + spec.warmup * 1000;
  const end = measureFrom + spec.seconds * 1000;
  const pending: Promise<void>[] = [];
  const loops = spec.mine.map(async (m, local) => {
    const schedule = createRng(spec.seed * 104_729 + m.index);
    const gap = () => (-Math.log(1 - schedule.next()) / spec.rate) * 1000;
    let t = startAt + gap();
    for (let k = 0; t < end; k++) {
      await new Promise((r) => setTimeout(r, Math.max(0, t - monotonicMs())));
      const t0 = monotonicMs();
      report.sent += 1;
      const p = send(local, k).then(
        (r) => {
          if (!r) return void (report.errors += 1);
          report.acked += 1;
          report.ackedKeys.push(r.key);
          // Warm-up labels are checked in the database but not timed.
          if (t0 < measureFrom) return;
          report.ackLatenciesMs.push(monotonicMs() - t0);
          sends.id.push(r.id);
          sends.t.push(t0);
          sends.from.push(m.index);
        },
        () => void (report.errors += 1),
      );
      pending.push(p);
      t += gap();
    }
  });
  await Promise.all(loops);
  await Promise.all(pending);
  await new Promise((r) => setTimeout(r, 1_000)); // the last broadcasts
  for (const s of clients) s.disconnect();
  return {
    ...report,
    frames: receives.frames,
    sends: { id: sends.id.f64(), t: sends.t.f64(), from: sends.from.i32() },
    receives: { id: receives.id.f64(), t: receives.t.f64(), client: receives.client.i32() },
  };
}

/** The child side: spec -> connect and join -> 'ready' -> go -> report. */
export function serveClients(): void {
  let start: ((startAt: number) => Promise<ClientReport>) | null = null;
  const reply = (m: unknown) => process.send?.(m);
  process.on('message', (m: ParentMessage) => {
    if (m.type === 'spec') {
      prepare(m.spec).then(
        (driver) => {
          start = driver;
          reply({ type: 'ready' });
        },
        (e: unknown) => reply({ type: 'error', message: (e as Error).stack ?? String(e) }),
      );
    } else if (start) {
      start(m.startAt).then(
        (report) => process.send?.({ type: 'report', report }, () => process.exit(0)),
        (e: unknown) => reply({ type: 'error', message: (e as Error).stack ?? String(e) }),
      );
    }
  });
}
