import { describe, expect, it } from 'vitest';
import type { AnnotationEvent, ServerMessage } from '@/lib/realtime/protocol';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { Inbox, join, request } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

/** Two app servers on two ports sharing one PostgreSQL (the Socket.IO PostgreSQL adapter). */
const h = realtimeHarness({ servers: 2 });
const ONE = 0;
const TWO = 1;

async function on(server: number, user: Parameters<typeof h.socket>[0]) {
  const socket = await h.socket(user, server);
  return { socket, inbox: new Inbox(socket) };
}

describe('two app servers behave as one', () => {
  it('uses two ports', () => {
    expect(h.server(ONE).url).not.toBe(h.server(TWO).url);
  });

  it('a label made through one server reaches a client of the other; presence crosses too', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const a = await on(ONE, fx.readers[0]);
    const b = await on(TWO, fx.readers[1]);
    await join(a.socket, fx.project.slug);
    await join(b.socket, fx.project.slug);
    // B learns about A (who joined first, on the other server) from server one's answer.
    const snapshot = await b.inbox.waitFor(
      (m) => m.type === 'presence.snapshot' && m.entries.some((e) => e.userId === fx.readers[0].id),
    );
    expect(snapshot.type).toBe('presence.snapshot');
    // A learns about B's arrival as a live update.
    await a.inbox.waitFor((m) => m.type === 'presence.update' && m.entry.userId === fx.readers[1].id);

    const scan = fx.scans[0].id;
    await request(a.socket, { type: 'scan.open', scanId: scan, resumeClaim: false });
    const viewing = await b.inbox.waitFor(
      (m) => m.type === 'presence.update' && m.entry.userId === fx.readers[0].id && m.entry.scanId === scan,
    );
    expect(viewing.type).toBe('presence.update');

    const sent = performance.now();
    const ack = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: 'two-servers-0001',
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label', labels: ['glioma'] },
    });
    expect(ack.ok).toBe(true);
    const got = await b.inbox.waitFor(
      (m): m is AnnotationEvent => m.type === 'annotation.created' && m.scanId === scan,
    );
    expect(got.annotation).toMatchObject({ authorId: fx.readers[0].id, value: { labels: ['glioma'] } });
    const latency = b.inbox.messages.find((m) => m.msg === got)!.at - sent;
    expect(latency).toBeLessThan(1_000);

    // A drops: B sees A leave.
    const aSocketId = a.socket.id;
    a.socket.disconnect();
    const left = await b.inbox.waitFor((m: ServerMessage) => m.type === 'presence.leave' && m.socketId === aSocketId);
    expect(left.type).toBe('presence.leave');
  });

  it('blind-mode routing crosses servers: redacted for a reader who has not read the scan', async () => {
    const fx = await realtimeProject(h.db, { blindMode: true });
    const a = await on(ONE, fx.readers[0]);
    const b = await on(TWO, fx.readers[1]);
    await join(a.socket, fx.project.slug);
    await join(b.socket, fx.project.slug);
    const scan = fx.scans[0].id;
    // B's server holds the scan's rows from this open: A's label through the other server must not be missed.
    await request(b.socket, { type: 'scan.open', scanId: scan, resumeClaim: false });
    await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: 'two-servers-0002',
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label', labels: ['glioma'] },
    });
    const redacted = await b.inbox.waitFor(
      (m): m is AnnotationEvent => m.type === 'annotation.created' && m.scanId === scan,
    );
    expect(redacted).toMatchObject({ annotation: null, readCount: 1 });
    const second = await request(b.socket, {
      type: 'annotation.submit',
      idempotencyKey: 'two-servers-0003',
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label', labels: ['normal'] },
    });
    expect(second.ok && second.data.annotation.readCount).toBe(2);
    const full = await a.inbox.waitFor(
      (m): m is AnnotationEvent => m.type === 'annotation.created' && m.annotation?.authorId === fx.readers[1].id,
    );
    expect(full.annotation?.value).toEqual({ labels: ['normal'] });
  });

  it('concurrent Next presses on both servers never share a scan', async () => {
    const fx = await realtimeProject(h.db, { readers: 4, scans: 3, readsPerScan: 1 });
    const clients = await Promise.all(fx.readers.map((u, i) => on(i % 2 ? TWO : ONE, u)));
    await Promise.all(clients.map((c) => join(c.socket, fx.project.slug)));
    const results = await Promise.all(clients.map((c) => request(c.socket, { type: 'claim.next' })));
    const scans = results.map((r) => (r.ok ? r.data?.scanId : 'error')).filter(Boolean);
    expect(scans).toHaveLength(3);
    expect(new Set(scans).size).toBe(3);
  });
});
