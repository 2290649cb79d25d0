import type { SessionUser } from '@/lib/auth/roles';
import {
  PROTOCOL_VERSION,
  type AckFor,
  type ClientMessage,
  type ClientMessageType,
  type ScanSummary,
  type ServerMessage,
} from '@/lib/realtime/protocol';
import { LiveSession, type LiveProject, type LiveTransport } from '@/lib/realtime/live-session';
import { eachServerMessage } from '@/lib/realtime/unpack';
import { openSocket, socketTransport, type ClientSocket } from '@/components/labeling/socket-transport';
import { sessionCookieFor } from './session';

/** A real socket.io-client connection as `user` (null: no session cookie). Resolves once connected. */
export async function connectAs(
  url: string,
  user: SessionUser | null,
  opts: { reconnection?: boolean } = {},
): Promise<ClientSocket> {
  const socket = await openAs(url, user, opts);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

export async function openAs(
  url: string,
  user: SessionUser | null,
  opts: { reconnection?: boolean } = {},
): Promise<ClientSocket> {
  const headers = user ? { cookie: await sessionCookieFor(user) } : undefined;
  return openSocket(url, {
    extraHeaders: headers,
    transports: ['websocket'],
    reconnection: opts.reconnection ?? false,
    forceNew: true,
  });
}

export function request<K extends ClientMessageType>(
  socket: ClientSocket,
  msg: Extract<ClientMessage, { type: K }>,
  timeoutMs = 10_000,
): Promise<AckFor<K>> {
  return socket.timeout(timeoutMs).emitWithAck('req', msg) as Promise<AckFor<K>>;
}

/** Sends raw, unvalidated payloads (invalid-input tests). */
export function requestRaw(socket: ClientSocket, payload: unknown, timeoutMs = 10_000): Promise<unknown> {
  const s = socket as unknown as {
    timeout(ms: number): { emitWithAck(ev: string, ...args: unknown[]): Promise<unknown> };
  };
  return s.timeout(timeoutMs).emitWithAck('req', payload);
}

/** Records every server message a socket receives (batches unpacked), with its arrival time and frame. */
export class Inbox {
  readonly messages: { at: number; frame: number; msg: ServerMessage }[] = [];
  private frames = 0;
  private waiters: { pred: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];

  constructor(socket: ClientSocket) {
    socket.on('msg', (wire) => {
      const at = performance.now();
      const frame = this.frames++;
      eachServerMessage((msg) => this.receive({ at, frame, msg }))(wire);
    });
  }

  private receive(m: { at: number; frame: number; msg: ServerMessage }): void {
    this.messages.push(m);
    this.waiters = this.waiters.filter((w) => {
      if (!w.pred(m.msg)) return true;
      w.resolve(m.msg);
      return false;
    });
  }

  waitFor<T extends ServerMessage>(pred: (m: ServerMessage) => m is T, timeoutMs?: number): Promise<T>;
  waitFor(pred: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  waitFor(pred: (m: ServerMessage) => boolean, timeoutMs = 5_000): Promise<ServerMessage> {
    const seen = this.messages.find((m) => pred(m.msg));
    if (seen) return Promise.resolve(seen.msg);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  of<T extends ServerMessage['type']>(type: T): Extract<ServerMessage, { type: T }>[] {
    return this.messages.map((m) => m.msg).filter((m): m is Extract<ServerMessage, { type: T }> => m.type === type);
  }
}

/** Joins and asserts success. */
export async function join(socket: ClientSocket, project: string, lastSeq: number | null = null, summaries = false) {
  const res = await request(socket, { type: 'join', v: PROTOCOL_VERSION, project, lastSeq, summaries });
  if (!res.ok) throw new Error(`join failed: ${res.error.code} ${res.error.message}`);
  return res.data;
}

/** A LiveSession (the app's client logic) over a real socket with reconnection on. */
export async function liveSessionAs(
  url: string,
  user: SessionUser,
  project: LiveProject,
  opts: { summaries?: ScanSummary[]; seq?: number; wrap?: (t: LiveTransport) => LiveTransport } = {},
) {
  const socket = await openAs(url, user, { reconnection: true });
  const transport = opts.wrap ? opts.wrap(socketTransport(socket)) : socketTransport(socket);
  const session = new LiveSession({
    transport,
    project,
    summaries: opts.summaries ?? null,
    seq: opts.seq ?? 0,
    requestTimeoutMs: 5_000,
  });
  await waitUntil(() => session.getState().joined, 10_000);
  return { socket, session };
}

export async function waitUntil(cond: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Polls an async check (a database query) until it holds. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A transport that records the idempotency keys of acknowledged submits. */
export function recordAcks(t: LiveTransport, acked: Map<string, number>): LiveTransport {
  return {
    get connected() {
      return t.connected;
    },
    get id() {
      return t.id;
    },
    async request(msg, timeoutMs) {
      const res = await t.request(msg, timeoutMs);
      const m: ClientMessage = msg;
      if (m.type === 'annotation.submit' && res.ok) acked.set(m.idempotencyKey, (acked.get(m.idempotencyKey) ?? 0) + 1);
      return res;
    },
    onMessage: (fn) => t.onMessage(fn),
    onConnect: (fn) => t.onConnect(fn),
    onDisconnect: (fn) => t.onDisconnect(fn),
    close: () => t.close(),
  };
}
