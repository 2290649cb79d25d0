import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation } from '@/lib/labels/annotation';
import { LiveSession, type LiveTransport } from '@/lib/realtime/live-session';
import { openScanView } from '@/lib/realtime/scan-view';
import type { AckFor, ClientMessage, ClientMessageType, ScanState, ServerMessage } from '@/lib/realtime/protocol';

/**
 * The outbox's answers to the server's answers, over a scripted in-memory transport:
 * every request goes to `answer`, which the test sets.
 */
type Answer = (msg: ClientMessage) => Promise<unknown>;

const me = { id: 'u1', name: 'Reader One', role: 'ANNOTATOR' as const };
const project = {
  slug: 'p',
  labels: ['normal', 'bleed'],
  task: 'BINARY' as const,
  blindMode: false,
  readsPerScan: 2,
};

function scanState(rows: Annotation[], seq: number): ScanState {
  return {
    scanId: 's1',
    title: 'scan 1',
    seq,
    readsPerScan: 2,
    readCount: rows.length,
    blinded: false,
    rows,
    predictions: [],
    claim: null,
  };
}

function row(id: string, seq: number, labels: string[], supersedesId: string | null = null): Annotation {
  return {
    id,
    seq,
    scanId: 's1',
    authorId: me.id,
    authorName: me.name,
    source: 'HUMAN',
    action: supersedesId ? 'CORRECT' : 'LABEL',
    value: { labels },
    supersedesId,
    predictionId: null,
    idempotencyKey: `k-${id}`,
    createdAt: new Date(0).toISOString(),
  };
}

const sessions: LiveSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

async function openSession(answer: { current: Answer }) {
  const sent: ClientMessage[] = [];
  const transport: LiveTransport = {
    connected: true,
    id: 'sock-1',
    request: <K extends ClientMessageType>(msg: Extract<ClientMessage, { type: K }>) => {
      sent.push(msg);
      return answer.current(msg) as Promise<AckFor<K>>;
    },
    onMessage: (_fn: (m: ServerMessage) => void) => {},
    onConnect: () => {},
    onDisconnect: () => {},
    close: () => {},
  };
  const session = new LiveSession({ transport, project, retryFirstMs: 20, retryMaxMs: 80, syncEveryMs: 60_000 });
  sessions.push(session);
  await until(() => session.getState().joined);
  await session.open('s1');
  await until(() => session.getState().open?.state !== null);
  return { session, sent };
}

async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The server's usual answers (join, scan.open), with `submit` for annotation.submit. */
function server(submit: (msg: Extract<ClientMessage, { type: 'annotation.submit' }>, n: number) => unknown): Answer {
  let n = 0;
  return async (msg) => {
    switch (msg.type) {
      case 'join':
        return { ok: true, data: { projectId: 'pid', user: me, seq: 0, catchUp: { kind: 'reset', seq: 0 } } };
      case 'scan.open':
        return { ok: true, data: scanState([], 0) };
      case 'annotation.submit':
        return submit(msg, n++);
      default:
        return { ok: true, data: null };
    }
  };
}

const ackOf = (msg: Extract<ClientMessage, { type: 'annotation.submit' }>, id: string, seq: number) => ({
  ok: true,
  data: {
    annotation: {
      type: 'annotation.created',
      seq,
      scanId: 's1',
      readCount: 1,
      annotation: {
        ...row(id, seq, ['bleed'], msg.supersedesId),
        idempotencyKey: msg.idempotencyKey,
      },
    },
    revealed: null,
  },
});

describe('the outbox keeps what the server could not write yet', () => {
  it('never drops an edit on INTERNAL: it waits, visibly, with backoff, and is written once when the server can', async () => {
    let down = true;
    const answer = {
      current: server((msg) =>
        down ? { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } } : ackOf(msg, 'r1', 1),
      ),
    };
    const { session, sent } = await openSession(answer);
    const key = session.submit({ kind: 'label', labels: ['bleed'] });
    // Far more tries than any fixed limit would allow.
    await until(() => sent.filter((m) => m.type === 'annotation.submit').length >= 8);
    const s = session.getState();
    expect(s.outbox.map((i) => i.key)).toEqual([key]);
    expect(s.waiting).toMatchObject({ message: 'Internal error' });
    expect(s.waiting!.attempts).toBeGreaterThanOrEqual(7);
    expect(s.notices).toEqual([]);

    // Backoff: the gaps between tries grow (20 ms doubling, capped at 80 ms, with jitter).
    down = false;
    await until(() => session.getState().outbox.length === 0);
    expect(session.getState().waiting).toBeNull();
    const submits = sent.filter((m) => m.type === 'annotation.submit');
    expect(new Set(submits.map((m) => m.idempotencyKey))).toEqual(new Set([key]));
  });

  it('keeps an edit whose request timed out (no answer) and sends it again with the same key', async () => {
    let calls = 0;
    const answer = {
      current: server((msg) => {
        calls += 1;
        return calls <= 3 ? Promise.reject(new Error('timeout')) : ackOf(msg, 'r1', 1);
      }),
    };
    const { session, sent } = await openSession(answer);
    const key = session.submit({ kind: 'label', labels: ['bleed'] });
    await until(() => session.getState().outbox.length === 0);
    const submits = sent.filter((m) => m.type === 'annotation.submit');
    expect(submits).toHaveLength(4);
    expect(submits.every((m) => m.idempotencyKey === key)).toBe(true);
  });

  it('TOO_MANY_REQUESTS is retried too; a definitive refusal (FORBIDDEN) drops the edit with a notice', async () => {
    const answer = {
      current: server((msg, n) =>
        n === 0
          ? { ok: false, error: { code: 'TOO_MANY_REQUESTS', message: 'busy' } }
          : { ok: false, error: { code: 'FORBIDDEN', message: 'Not yours.' } },
      ),
    };
    const { session, sent } = await openSession(answer);
    session.submit({ kind: 'label', labels: ['bleed'] });
    await until(() => session.getState().outbox.length === 0);
    expect(sent.filter((m) => m.type === 'annotation.submit')).toHaveLength(2);
    expect(session.getState().notices).toMatchObject([{ kind: 'error', message: 'Not yours.' }]);
  });

  it('a first read refused as STALE is planned again on the current rows and sent, not dropped', async () => {
    // Another tab of the same reader wrote a read of this scan first.
    const other = row('r-other', 1, ['normal']);
    const answer = {
      current: server((msg, n) =>
        n === 0
          ? {
              ok: false,
              error: { code: 'STALE', message: 'Your read changed.', details: scanState([other], 1) },
            }
          : ackOf(msg, 'r2', 2),
      ),
    };
    const { session, sent } = await openSession(answer);
    const key = session.submit({ kind: 'label', labels: ['bleed'] });
    await until(() => session.getState().outbox.length === 0);
    const submits = sent.filter(
      (m): m is Extract<ClientMessage, { type: 'annotation.submit' }> => m.type === 'annotation.submit',
    );
    expect(submits.map((m) => [m.idempotencyKey, m.supersedesId])).toEqual([
      [key, null],
      [key, 'r-other'],
    ]);
    expect(session.getState().notices).toEqual([]);
  });

  it('a STALE correction (the read moved on elsewhere) is still a conflict: dropped with the latest shown', async () => {
    const mine = row('r1', 1, ['normal']);
    const moved = row('r2', 2, ['bleed'], 'r1');
    let n = 0;
    const answer = {
      current: async (msg: ClientMessage) => {
        if (msg.type === 'scan.open') return { ok: true, data: scanState([mine], 1) };
        if (msg.type === 'annotation.submit') {
          n += 1;
          return { ok: false, error: { code: 'STALE', message: 'Moved on.', details: scanState([mine, moved], 2) } };
        }
        return server(() => null)(msg);
      },
    };
    const { session } = await openSession(answer);
    session.submit({ kind: 'label', labels: ['bleed'] });
    await until(() => session.getState().outbox.length === 0);
    expect(n).toBe(1);
    expect(session.getState().notices).toMatchObject([{ kind: 'stale', message: 'Moved on.' }]);
  });
});

describe('joining', () => {
  it('joins again while connected when the join got no definitive answer (the database was restarting)', async () => {
    let joins = 0;
    const base = server(() => null);
    const answer = {
      current: async (msg: ClientMessage) => {
        if (msg.type !== 'join') return base(msg);
        joins += 1;
        if (joins === 1) return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
        if (joins === 2) throw new Error('timeout');
        return base(msg);
      },
    };
    const { session } = await openSession(answer);
    expect(session.getState().joined).toBe(true);
    expect(joins).toBe(3);
  });
});

describe('Next right after a read', () => {
  /**
   * The last scan, s1: claim.next names it until the read of it is written. `write` holds the
   * write back; `answerClaim` holds back an answer that names s1 (the claim read before).
   */
  function lastScan(o: { write: () => Promise<void>; answerClaim?: () => Promise<void>; onClaim?: () => void }) {
    let readWritten = false;
    const claims: (string | null)[] = [];
    const answer = {
      current: (async (msg: ClientMessage) => {
        if (msg.type === 'claim.next') {
          const scanId = readWritten ? null : 's1';
          claims.push(scanId);
          o.onClaim?.();
          if (scanId) await o.answerClaim?.();
          return { ok: true, data: scanId ? { scanId, userId: me.id, userName: me.name, expiresAt: '' } : null };
        }
        if (msg.type === 'annotation.submit') {
          await o.write();
          readWritten = true;
          return ackOf(msg, 'r1', 1);
        }
        return server(() => null)(msg);
      }) as Answer,
    };
    return { answer, claims };
  }

  it('asks for the claim again once the read is written, when the server answered before it had it', async () => {
    let release: () => void = () => {};
    const written = new Promise<void>((r) => (release = r));
    const { answer, claims } = lastScan({ write: () => written });
    const { session } = await openSession(answer);
    session.submit({ kind: 'label', labels: ['bleed'] });
    const next = session.claimNext();
    await until(() => claims.length === 1);
    setTimeout(release, 30);
    // The last scan: once the read is in, nothing is left, and Next says so.
    expect(await next).toBeNull();
    expect(claims).toEqual(['s1', null]);
  });

  it('asks again when the read is acknowledged before a claim the server answered without it', async () => {
    // The server reads the claim before the read is written, and its answer arrives after the
    // read's acknowledgement.
    let acked: () => void = () => {};
    const ackArrived = new Promise<void>((r) => (acked = r));
    let claimAsked: () => void = () => {};
    const asked = new Promise<void>((r) => (claimAsked = r));
    const { answer, claims } = lastScan({
      write: async () => {
        await asked;
        setTimeout(acked, 10);
      },
      answerClaim: () => ackArrived,
      onClaim: claimAsked,
    });
    const { session } = await openSession(answer);
    session.submit({ kind: 'label', labels: ['bleed'] });
    expect(await session.claimNext()).toBeNull();
    expect(claims).toEqual(['s1', null]);
  });

  it('asks again when the answer names a scan read before the one being left, its read still on its way', async () => {
    // Two reads in a row on a slow connection: the edits go one after another, and the claim
    // after the second read is answered before either is written.
    let release: () => void = () => {};
    const written = new Promise<void>((r) => (release = r));
    const read = new Set<string>();
    const claims: (string | null)[] = [];
    const answer = {
      current: (async (msg: ClientMessage) => {
        if (msg.type === 'claim.next') {
          const scanId = ['s1', 's2'].find((id) => !read.has(id)) ?? null;
          claims.push(scanId);
          return { ok: true, data: scanId ? { scanId, userId: me.id, userName: me.name, expiresAt: '' } : null };
        }
        if (msg.type === 'scan.open') return { ok: true, data: { ...scanState([], 0), scanId: msg.scanId } };
        if (msg.type === 'annotation.submit') {
          await written;
          read.add(msg.scanId);
          const ack = ackOf(msg, `r-${msg.scanId}`, read.size);
          return { ...ack, data: { ...ack.data, annotation: { ...ack.data.annotation, scanId: msg.scanId } } };
        }
        return server(() => null)(msg);
      }) as Answer,
    };
    const { session } = await openSession(answer);
    session.submit({ kind: 'label', labels: ['bleed'] });
    await session.open('s2');
    await until(() => session.getState().open?.state?.scanId === 's2');
    session.submit({ kind: 'label', labels: ['normal'] });
    const next = session.claimNext();
    await until(() => claims.length === 1);
    setTimeout(release, 30);
    // Both scans read: the last one says "all caught up" instead of reopening the first.
    expect(await next).toBeNull();
    expect(claims[0]).toBe('s1');
    expect(claims.at(-1)).toBeNull();
  });

  it('keeps the answer when no read of the scan is on its way (a skip)', async () => {
    const claims: string[] = [];
    const answer = {
      current: (async (msg: ClientMessage) => {
        if (msg.type === 'claim.next') {
          claims.push('s1');
          return { ok: true, data: { scanId: 's1', userId: me.id, userName: me.name, expiresAt: '' } };
        }
        return server(() => null)(msg);
      }) as Answer,
    };
    const { session } = await openSession(answer);
    expect(await session.claimNext()).toMatchObject({ scanId: 's1' });
    expect(claims).toHaveLength(1);
  });
});

describe('states loaded ahead', () => {
  const stale = scanState([], 0);
  /** A session that has read s1 (written at sequence 1) and moved on to s2; scan.open answers when `answerOpen` is called. */
  async function readAndMovedOn(primeBeforeAck: boolean) {
    let answerOpen: () => void = () => {};
    let ack: () => void = () => {};
    const acked = new Promise<void>((r) => (ack = r));
    const answer = {
      current: server((msg) => acked.then(() => ackOf(msg, 'r1', 1))),
    };
    const { session } = await openSession(answer);
    session.submit({ kind: 'label', labels: ['bleed'] });
    answer.current = (async (msg: ClientMessage) => {
      if (msg.type !== 'scan.open') return server((m) => acked.then(() => ackOf(m, 'r1', 1)))(msg);
      await new Promise<void>((r) => (answerOpen = r));
      return { ok: true, data: { ...scanState([], 1), scanId: msg.scanId } };
    }) as Answer;
    void session.open('s2');
    // The read-ahead fetched s1's state before its read was written.
    if (primeBeforeAck) session.prime(stale);
    ack();
    await until(() => session.getState().outbox.length === 0);
    if (!primeBeforeAck) session.prime(stale);
    answerOpen();
    return { session, answerOpen: () => answerOpen() };
  }

  for (const primeBeforeAck of [true, false]) {
    it(`never shows a scan without a read this reader has made (loaded ahead ${primeBeforeAck ? 'before' : 'after'} the read was written)`, async () => {
      const { session, answerOpen } = await readAndMovedOn(primeBeforeAck);
      // Back to s1 (P): the state loaded ahead is older than the read, so the scan waits for the server's.
      const back = session.open('s1');
      expect(session.getState().open).toMatchObject({ scanId: 's1', state: null });
      await until(() => session.getState().open?.scanId === 's1');
      answerOpen();
      await back;
      expect(session.getState().open?.state?.seq).toBe(1);
    });
  }

  it('shows a state loaded ahead at once when nothing newer is known of its scan', async () => {
    const { session } = await openSession({ current: server(() => null) });
    session.prime({ ...stale, scanId: 's3', title: 'scan 3' });
    void session.open('s3');
    expect(session.getState().open?.state?.title).toBe('scan 3');
  });
});

describe('a read acknowledged while its scan loads', () => {
  it('stays in the scan when the state the server read before writing it comes after the acknowledgement', async () => {
    let ack: () => void = () => {};
    const acked = new Promise<void>((r) => (ack = r));
    let answerOpen: () => void = () => {};
    const answer = { current: server((msg) => acked.then(() => ackOf(msg, 'r1', 1))) };
    const { session } = await openSession(answer);
    session.submit({ kind: 'label', labels: ['bleed'] });
    // On to s2 and straight back (P) while the read is on its way; the server reads s1's rows
    // before the read is written and answers after its acknowledgement.
    await session.open('s2');
    answer.current = (async (msg: ClientMessage) => {
      if (msg.type !== 'scan.open') return server((m) => acked.then(() => ackOf(m, 'r1', 1)))(msg);
      await new Promise<void>((r) => (answerOpen = r));
      return { ok: true, data: scanState([], 0) };
    }) as Answer;
    const back = session.open('s1');
    ack();
    await until(() => session.getState().outbox.length === 0);
    answerOpen();
    await back;
    expect(openScanView(session.getState())?.mine.labels).toEqual(['bleed']);
    expect(session.getState().open?.early).toBeUndefined();
  });
});
