import { afterEach, describe, expect, it } from 'vitest';
import { LiveSession, type LiveTransport } from '@/lib/realtime/live-session';
import type { AckFor, ClientMessage, ClientMessageType, ScanState, ServerMessage } from '@/lib/realtime/protocol';

/**
 * "Next" with a hint: the scan the read-ahead says Next serves is shown at once, and the
 * server's claim, answered later by a scripted in-memory transport, confirms or replaces it.
 */
const me = { id: 'u1', name: 'Reader One', role: 'ANNOTATOR' as const };
const project = {
  slug: 'p',
  labels: ['normal', 'bleed'],
  task: 'BINARY' as const,
  blindMode: false,
  readsPerScan: 2,
};
const state = (scanId: string): ScanState => ({
  scanId,
  title: `${scanId}.dcm`,
  seq: 0,
  readsPerScan: 2,
  readCount: 0,
  blinded: false,
  rows: [],
  predictions: [],
  claim: null,
});
const claimOf = (scanId: string) => ({
  scanId,
  userId: me.id,
  userName: me.name,
  expiresAt: new Date(0).toISOString(),
});

const sessions: LiveSession[] = [];
afterEach(() => sessions.splice(0).forEach((s) => s.dispose()));

async function until(cond: () => boolean, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A session whose claim.next answers only when the test calls `answerClaim`. */
async function sessionWithHeldClaim() {
  let answerClaim: (scanId: string | null) => void = () => {};
  const sent: string[] = [];
  const transport: LiveTransport = {
    connected: true,
    id: 'sock-1',
    request: <K extends ClientMessageType>(typed: Extract<ClientMessage, { type: K }>) => {
      const msg = typed as ClientMessage;
      sent.push(msg.type === 'scan.open' ? `scan.open ${msg.scanId}` : msg.type);
      const answer = (): Promise<unknown> => {
        switch (msg.type) {
          case 'join':
            return Promise.resolve({
              ok: true,
              data: { projectId: 'pid', user: me, seq: 0, catchUp: { kind: 'reset', seq: 0 } },
            });
          case 'scan.open':
            return Promise.resolve({ ok: true, data: state(msg.scanId) });
          case 'annotation.submit':
            // Never answered: an edit stays in the outbox, on its way.
            return new Promise(() => {});
          case 'claim.next':
            return new Promise((resolve) => {
              answerClaim = (id) => resolve({ ok: true, data: id ? claimOf(id) : null });
            });
          default:
            return Promise.resolve({ ok: true, data: null });
        }
      };
      return answer() as Promise<AckFor<K>>;
    },
    onMessage: (_fn: (m: ServerMessage) => void) => {},
    onConnect: () => {},
    onDisconnect: () => {},
    close: () => {},
  };
  const session = new LiveSession({ transport, project, syncEveryMs: 60_000 });
  sessions.push(session);
  await until(() => session.getState().joined);
  await session.open('s1');
  return { session, sent, answerClaim: (id: string | null) => answerClaim(id) };
}

describe('LiveSession.claimNext with a hint', () => {
  it('shows the hinted scan before the claim answers, and keeps it when the claim agrees', async () => {
    const { session, sent, answerClaim } = await sessionWithHeldClaim();
    session.prime(state('s2'));
    session.hintNext(['s1', 's2', 's3']);
    const next = session.claimNext();
    // The open scan (s1) is passed over; s2 is loaded ahead: it is on screen with no claim yet.
    expect(session.getState().open?.scanId).toBe('s2');
    expect(session.getState().open?.state?.title).toBe('s2.dcm');
    expect(session.getState().claim).toBeNull();
    answerClaim('s2');
    expect((await next) as { scanId: string }).toMatchObject({ scanId: 's2' });
    expect(session.getState().claim?.scanId).toBe('s2');
    expect(sent.filter((m) => m === 'scan.open s2')).toHaveLength(1);
  });

  it('opens the claimed scan instead when the claim disagrees', async () => {
    const { session, answerClaim } = await sessionWithHeldClaim();
    session.prime(state('s2'));
    session.hintNext(['s2']);
    const next = session.claimNext();
    expect(session.getState().open?.scanId).toBe('s2');
    answerClaim('s3');
    await next;
    expect(session.getState().open?.scanId).toBe('s3');
    expect(session.getState().claim?.scanId).toBe('s3');
    // The reading trail drops the replaced guess: the open scan says which one it replaced,
    // and keeps saying so once its state has loaded.
    expect(session.getState().open?.replacing).toBe('s2');
    expect(session.getState().open?.state?.scanId).toBe('s3');
    session.open('s1').catch(() => undefined);
    expect(session.getState().open?.replacing).toBeUndefined();
  });

  it('leaves a reader who went elsewhere while the claim was on its way where they are, claim kept', async () => {
    const { session, answerClaim } = await sessionWithHeldClaim();
    session.prime(state('s2'));
    session.hintNext(['s2']);
    const next = session.claimNext();
    expect(session.getState().open?.scanId).toBe('s2');
    // Back to s1 (P) before the server answers with another scan.
    await session.open('s1');
    answerClaim('s3');
    await next;
    expect(session.getState().open?.scanId).toBe('s1');
    expect(session.getState().claim?.scanId).toBe('s3');
  });

  it('closes the hinted scan when nothing is left to claim', async () => {
    const { session, answerClaim } = await sessionWithHeldClaim();
    session.prime(state('s2'));
    session.hintNext(['s2']);
    const next = session.claimNext();
    answerClaim(null);
    expect(await next).toBeNull();
    expect(session.getState().open).toBeNull();
  });

  it('never guesses a scan it has moved on from, though a late hint still lists it', async () => {
    const { session, answerClaim } = await sessionWithHeldClaim();
    session.prime(state('s2'));
    session.hintNext(['s2']);
    const first = session.claimNext();
    answerClaim('s2');
    await first;
    // A hint asked for while that claim was on its way: s1, just left, is still in it.
    session.prime(state('s1'));
    session.prime(state('s3'));
    session.hintNext(['s1', 's3']);
    const second = session.claimNext();
    expect(session.getState().open?.scanId).toBe('s3');
    answerClaim('s3');
    await second;
    expect(session.getState().open?.scanId).toBe('s3');
  });

  it("asks for a second Next's claim only once the first is answered, and ends on the second", async () => {
    const { session, sent, answerClaim } = await sessionWithHeldClaim();
    session.prime(state('s2'));
    session.prime(state('s3'));
    session.hintNext(['s2', 's3']);
    const first = session.claimNext();
    // The page's read-ahead for s2, then N again before the first claim is answered.
    session.hintNext(['s3']);
    const second = session.claimNext();
    expect(session.getState().open?.scanId).toBe('s3');
    expect(sent.filter((m) => m === 'claim.next')).toHaveLength(1);
    // The page asks this before returning to a held scan: the claim held is the one being left.
    expect(session.claimPending).toBe(true);
    answerClaim('s2');
    expect(await first).toMatchObject({ scanId: 's2' });
    // The reader is on s3 already: the first answer opens nothing.
    expect(session.getState().open?.scanId).toBe('s3');
    await until(() => sent.filter((m) => m === 'claim.next').length === 2);
    answerClaim('s3');
    expect(await second).toMatchObject({ scanId: 's3' });
    expect(session.getState().open?.scanId).toBe('s3');
    expect(session.getState().claim?.scanId).toBe('s3');
    await until(() => !session.claimPending);
  });

  it('keeps the guess the claim confirms, though the reader has read it meanwhile', async () => {
    const { session, sent, answerClaim } = await sessionWithHeldClaim();
    session.prime(state('s2'));
    session.hintNext(['s2']);
    const next = session.claimNext();
    // The reader reads the guess before the claim is answered; the read is still on its way.
    expect(session.submit({ kind: 'label', labels: ['bleed'] })).not.toBeNull();
    answerClaim('s2');
    expect(await next).toMatchObject({ scanId: 's2' });
    expect(sent.filter((m) => m === 'claim.next')).toHaveLength(1);
    expect(session.getState().open).toMatchObject({ scanId: 's2' });
    expect(session.getState().open?.replacing).toBeUndefined();
  });

  it('waits for the claim when the hinted scan is not loaded ahead', async () => {
    const { session, answerClaim } = await sessionWithHeldClaim();
    session.hintNext(['s2']);
    const next = session.claimNext();
    expect(session.getState().open?.scanId).toBe('s1');
    answerClaim('s2');
    await next;
    expect(session.getState().open?.scanId).toBe('s2');
  });
});
