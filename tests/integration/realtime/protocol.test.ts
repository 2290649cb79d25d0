import { beforeAll, describe, expect, it } from 'vitest';
import { PROTOCOL_VERSION } from '@/lib/realtime/protocol';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { Inbox, join, openAs, request, requestRaw } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

const h = realtimeHarness();
let fx: Awaited<ReturnType<typeof realtimeProject>>;

beforeAll(async () => {
  fx = await realtimeProject(h.db, { readers: 2, scans: 2 });
});

const client = (user: Parameters<typeof h.socket>[0]) => h.socket(user);

describe('realtime handshake and join', () => {
  it('refuses a connection without a session', async () => {
    const s = await openAs(h.url, null);
    h.onCleanup(() => s.disconnect());
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
    expect(s.connected).toBe(false);
  });

  it('refuses a forged session cookie', async () => {
    const s = await openAs(h.url, null);
    h.onCleanup(() => s.disconnect());
    s.io.opts.extraHeaders = { cookie: 'next-auth.session-token=forged' };
    s.connect();
    const err = await new Promise<Error>((resolve) => s.once('connect_error', resolve));
    expect(err.message).toBe('UNAUTHENTICATED');
  });

  it("refuses a non-member, who then receives none of the project's events", async () => {
    const outsider = await client(fx.outsider);
    const inbox = new Inbox(outsider);
    const res = await request(outsider, {
      type: 'join',
      v: PROTOCOL_VERSION,
      project: fx.project.slug,
      lastSeq: null,
      summaries: false,
    });
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const opened = await request(outsider, { type: 'scan.open', scanId: fx.scans[0].id, resumeClaim: false });
    expect(opened).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Join a project first.' } });

    const reader = await client(fx.readers[0]);
    await join(reader, fx.project.slug);
    await request(reader, { type: 'scan.open', scanId: fx.scans[0].id, resumeClaim: false });
    const ack = await request(reader, {
      type: 'annotation.submit',
      idempotencyKey: 'outsider-test-1',
      scanId: fx.scans[0].id,
      supersedesId: null,
      intent: { kind: 'label', labels: ['glioma'] },
    });
    expect(ack.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(inbox.messages).toEqual([]);
  });

  it('refuses an unknown project and an old protocol version', async () => {
    const s = await client(fx.readers[1]);
    expect(
      await request(s, {
        type: 'join',
        v: PROTOCOL_VERSION,
        project: 'no-such-project',
        lastSeq: null,
        summaries: false,
      }),
    ).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // v1 clients read no batches: they must reload rather than miss labels.
    const old = await request(s, {
      type: 'join',
      v: PROTOCOL_VERSION - 1,
      project: fx.project.slug,
      lastSeq: null,
      summaries: false,
    });
    expect(old).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    if (!old.ok) expect(old.error.message).toMatch(/reload/);
  });
});

describe('invalid payloads', () => {
  const invalid: [string, unknown][] = [
    ['a string', 'hello'],
    ['no type', { project: 'x' }],
    ['an unknown type', { type: 'annotation.delete', id: 'x' }],
    ['a missing field', { type: 'join', v: 1, project: 'p' }],
    ['an extra field', { type: 'claim.next', scanId: 'x' }],
    ['a wrong field type', { type: 'events.since', lastSeq: '5' }],
    ['a negative sequence', { type: 'events.since', lastSeq: -1 }],
    [
      'an unknown intent',
      {
        type: 'annotation.submit',
        idempotencyKey: 'k-12345678',
        scanId: 's',
        supersedesId: null,
        intent: { kind: 'delete' },
      },
    ],
    [
      'an empty label list',
      {
        type: 'annotation.submit',
        idempotencyKey: 'k-12345678',
        scanId: 's',
        supersedesId: null,
        intent: { kind: 'label', labels: [] },
      },
    ],
    [
      'a short idempotency key',
      {
        type: 'annotation.submit',
        idempotencyKey: 'k',
        scanId: 's',
        supersedesId: null,
        intent: { kind: 'label', labels: ['a'] },
      },
    ],
    ['a non-finite window', { type: 'presence.viewport', scanId: 's', window: { width: null, center: 0 } }],
  ];
  it.each(invalid)('answers %s with a BAD_REQUEST ack', async (_name, payload) => {
    const s = await client(fx.readers[0]);
    const res = (await requestRaw(s, payload)) as { ok: boolean; error?: { code: string; message: string } };
    expect(res.ok).toBe(false);
    expect(res.error?.code).toBe('BAD_REQUEST');
    expect(res.error?.message.length).toBeGreaterThan(0);
  });

  it('refuses labels the project does not have, and two labels for a multiclass read', async () => {
    const s = await client(fx.readers[1]);
    await join(s, fx.project.slug);
    const base = { type: 'annotation.submit' as const, scanId: fx.scans[1].id, supersedesId: null };
    const unknown = await request(s, {
      ...base,
      idempotencyKey: 'bad-label-1',
      intent: { kind: 'label', labels: ['tumour'] },
    });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const two = await request(s, {
      ...base,
      idempotencyKey: 'bad-label-2',
      intent: { kind: 'label', labels: ['glioma', 'normal'] },
    });
    expect(two).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const missingScan = await request(s, {
      ...base,
      scanId: 'nope',
      idempotencyKey: 'bad-label-3',
      intent: { kind: 'label', labels: ['glioma'] },
    });
    expect(missingScan).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.db.annotation.count({ where: { scanId: fx.scans[1].id } })).toBe(0);
  });
});
