import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { ClientSocket } from '@/components/labeling/socket-transport';
import { EventPageCache, listEventsSince } from '@/server/use-cases/list-events-since';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { openScanView } from '@/lib/realtime/scan-view';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { eventually, Inbox, join, liveSessionAs, request, waitUntil } from '../../helpers/realtime-client';
import { liveProjectOf, realtimeProject } from '../../helpers/realtime-fixtures';

/** Small catch-up limits, so that paging and snapshots need few rows. */
const PAGE = 8;
const MAX_BEHIND = 20;
const IN_FLIGHT = 4;
const h = realtimeHarness({
  env: {
    CATCH_UP_PAGE_EVENTS: String(PAGE),
    CATCH_UP_MAX_EVENTS: String(MAX_BEHIND),
    REALTIME_MAX_IN_FLIGHT: String(IN_FLIGHT),
  },
});
const socketFor = (user: Parameters<typeof h.socket>[0]) => h.socket(user);

/** Cuts the connection the way a network drop does (the client reconnects by itself). */
function dropConnection(socket: ClientSocket): void {
  socket.io.engine.close();
}

describe('offline queue and exactly-once replay', () => {
  it('a submit committed while its connection dropped is replayed once: same row, same seq', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const scan = fx.scans[0].id;
    const s1 = await socketFor(fx.readers[0]);
    await join(s1, fx.project.slug);
    const msg = {
      type: 'annotation.submit' as const,
      idempotencyKey: 'replay-key-0001',
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label' as const, labels: ['glioma'] },
    };
    // The server commits, the connection drops, the client never sees the ack.
    s1.emit('req', msg, () => undefined);
    await eventually(
      async () => (await h.db.annotation.count({ where: { idempotencyKey: msg.idempotencyKey } })) === 1,
      5_000,
      'the commit',
    );
    s1.disconnect();
    const s2 = await socketFor(fx.readers[0]);
    await join(s2, fx.project.slug);
    const replay = await request(s2, msg);
    const again = await request(s2, msg);
    expect(replay.ok && again.ok).toBe(true);
    if (!replay.ok || !again.ok) return;
    expect(again.data.annotation.seq).toBe(replay.data.annotation.seq);
    expect(again.data.annotation.annotation?.id).toBe(replay.data.annotation.annotation?.id);
    expect(await h.db.annotation.count({ where: { idempotencyKey: 'replay-key-0001' } })).toBe(1);
  });

  it('a replay after the original committed returns the original even though its supersedesId is now stale', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const scan = fx.scans[0].id;
    const s = await socketFor(fx.readers[0]);
    await join(s, fx.project.slug);
    const first = {
      type: 'annotation.submit' as const,
      idempotencyKey: 'replay-key-0002',
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label' as const, labels: ['glioma'] },
    };
    const a = await request(s, first);
    if (!a.ok) throw new Error(a.error.message);
    await request(s, {
      ...first,
      idempotencyKey: 'replay-key-0003',
      supersedesId: a.data.annotation.annotation!.id,
      intent: { kind: 'label', labels: ['normal'] },
    });
    const replay = await request(s, first);
    expect(replay.ok && replay.data.annotation.annotation?.id).toBe(a.data.annotation.annotation?.id);
    // The same key on another scan is a client bug, not a replay.
    const misuse = await request(s, { ...first, scanId: fx.scans[1].id });
    expect(misuse).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await h.db.annotation.count({ where: { scanId: scan } })).toBe(2);
  });

  it('edits made while offline are queued, shown at once, and committed exactly once on reconnect', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const scan = fx.scans[0].id;
    const { socket, session } = await liveSessionAs(h.url, fx.readers[0], liveProjectOf(fx.project));
    h.onCleanup(() => session.dispose());
    await session.open(scan);
    await waitUntil(() => openScanView(session.getState())?.loaded === true);

    socket.io.reconnection(false);
    dropConnection(socket);
    await waitUntil(() => session.getState().connection === 'offline');
    session.submit({ kind: 'label', labels: ['glioma'] });
    session.submit({ kind: 'label', labels: ['meningioma'] });
    session.submit({ kind: 'undo', chain: 'read' });
    const view = openScanView(session.getState());
    expect(view?.mine).toMatchObject({ labels: ['glioma'], pending: true });
    expect(session.getState().outbox).toHaveLength(3);

    socket.io.reconnection(true);
    socket.connect();
    await waitUntil(() => session.getState().outbox.length === 0, 10_000, 'outbox to drain');
    const rows = await h.db.annotation.findMany({ where: { scanId: scan }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.action)).toEqual(['LABEL', 'CORRECT', 'UNDO']);
    expect(rows[1].supersedesId).toBe(rows[0].id);
    expect(rows[2].supersedesId).toBe(rows[1].id);
    expect(openScanView(session.getState())?.mine).toMatchObject({ labels: ['glioma'], pending: false });
  });

  it('drops cut a session mid-submit many times; every edit lands exactly once', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 1 });
    const scan = fx.scans[0].id;
    const { socket, session } = await liveSessionAs(h.url, fx.readers[0], liveProjectOf(fx.project));
    h.onCleanup(() => session.dispose());
    await session.open(scan);
    await waitUntil(() => openScanView(session.getState())?.loaded === true);
    const keys: string[] = [];
    const labels = ['normal', 'glioma', 'meningioma'];
    for (let i = 0; i < 12; i++) {
      const key = session.submit({ kind: 'label', labels: [labels[i % 3]] });
      if (key) keys.push(key);
      // Drop right after the request is written (ack in flight) on every third edit.
      if (i % 3 === 1) dropConnection(socket);
      await new Promise((r) => setTimeout(r, 5));
    }
    await waitUntil(
      () => session.getState().outbox.length === 0 && session.getState().joined,
      20_000,
      'outbox to drain',
    );
    const rows = await h.db.annotation.findMany({ where: { scanId: scan }, select: { idempotencyKey: true } });
    expect(rows.map((r) => r.idempotencyKey).sort()).toEqual([...keys].sort());
  });
});

describe('catch-up after reconnect', () => {
  it('delivers exactly the events missed since the last sequence, redacted where blind', async () => {
    const fx = await realtimeProject(h.db, { blindMode: true });
    const a = await socketFor(fx.readers[0]);
    await join(a, fx.project.slug);
    const b = await socketFor(fx.readers[1]);
    const { seq } = await join(b, fx.project.slug);
    b.disconnect();
    const scanA = fx.scans[0].id;
    const scanB = fx.scans[1].id;
    const base = { type: 'annotation.submit' as const, supersedesId: null };
    await request(a, {
      ...base,
      idempotencyKey: 'missed-0001',
      scanId: scanA,
      intent: { kind: 'label', labels: ['glioma'] },
    });
    await request(a, {
      ...base,
      idempotencyKey: 'missed-0002',
      scanId: scanB,
      intent: { kind: 'label', labels: ['normal'] },
    });

    const b2 = await socketFor(fx.readers[1]);
    const live = new Inbox(b2);
    const rejoined = await join(b2, fx.project.slug, seq);
    expect(rejoined.catchUp.kind).toBe('events');
    if (rejoined.catchUp.kind !== 'events') return;
    expect(rejoined.catchUp.events.map((e) => e.seq)).toEqual([seq + 1, seq + 2]);
    // B has not read those scans: blind mode redacts them.
    expect(rejoined.catchUp.events.every((e) => e.annotation === null)).toBe(true);
    expect(rejoined.catchUp.upTo).toBe(seq + 2);
    // A reader who has read the scan gets it in full.
    await request(b2, {
      ...base,
      idempotencyKey: 'missed-0003',
      scanId: scanA,
      intent: { kind: 'label', labels: ['normal'] },
    });
    const again = await request(b2, { type: 'events.since', lastSeq: seq });
    expect(again.ok && again.data.kind === 'events' && again.data.events[0].annotation?.value).toEqual({
      labels: ['glioma'],
    });
    expect(live.of('annotation.created').length).toBeGreaterThanOrEqual(1);
  });

  it('sends a snapshot (or a reset) to a client too far behind', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 2 });
    const writer = { id: fx.readers[0].id, name: fx.readers[0].name, role: 'ANNOTATOR' as const };
    const sql = new pg.Pool({ connectionString: h.databaseUrl, max: 2 });
    h.onCleanup(() => void sql.end());
    let supersedesId: string | null = null;
    for (let i = 0; i <= MAX_BEHIND; i++) {
      const r = await submitAnnotation(h.db, sql, {
        projectId: fx.project.id,
        user: writer,
        input: {
          idempotencyKey: `bulk-${i}-xxxx`,
          scanId: fx.scans[0].id,
          supersedesId,
          intent: { kind: 'label', labels: [i % 2 ? 'glioma' : 'normal'] },
        },
      });
      supersedesId = r.event.annotation!.id;
    }
    const grid = await socketFor(fx.readers[1]);
    const snap = await join(grid, fx.project.slug, 0, true);
    expect(snap.catchUp.kind).toBe('snapshot');
    if (snap.catchUp.kind !== 'snapshot') return;
    expect(snap.catchUp.seq).toBe(MAX_BEHIND + 1);
    const s0 = snap.catchUp.scans.find((s) => s.scanId === fx.scans[0].id);
    expect(s0).toMatchObject({ readCount: 1, reads: [{ authorId: writer.id, labels: ['normal'] }] });
    const viewer = await socketFor(fx.readers[1]);
    const reset = await join(viewer, fx.project.slug, 0, false);
    expect(reset.catchUp).toEqual({ kind: 'reset', seq: MAX_BEHIND + 1 });
  }, 60_000);

  it('pages the events of a client behind by more than a page; each answer says where to go on from', async () => {
    const fx = await realtimeProject(h.db, { blindMode: true, scans: 4, readers: 3 });
    const sql = new pg.Pool({ connectionString: h.databaseUrl, max: 2 });
    h.onCleanup(() => void sql.end());
    const [a, b, c] = fx.readers.map((r) => ({ id: r.id, name: r.name, role: 'ANNOTATOR' as const }));
    // 12 rows: a labels and corrects every scan, b labels every scan then retracts one, c labels the first.
    const heads = new Map<string, string | null>();
    const write = async (user: typeof a, scanId: string, labels: string[] | null, i: number) => {
      const key = `${user.id}:${scanId}`;
      const r = await submitAnnotation(h.db, sql, {
        projectId: fx.project.id,
        user,
        input: {
          idempotencyKey: `page-${i}-xxxxxx`,
          scanId,
          supersedesId: heads.get(key) ?? null,
          intent: labels ? { kind: 'label', labels } : { kind: 'undo', chain: 'read' },
        },
      });
      heads.set(key, r.event.annotation!.id);
      return r.event;
    };
    const written = [];
    let i = 0;
    for (const s of fx.scans) written.push(await write(a, s.id, ['glioma'], i++));
    for (const s of fx.scans) written.push(await write(b, s.id, ['normal'], i++));
    written.push(await write(a, fx.scans[0].id, ['meningioma'], i++));
    written.push(await write(b, fx.scans[1].id, null, i++));
    written.push(await write(c, fx.scans[0].id, ['normal'], i++));
    written.push(await write(a, fx.scans[3].id, ['normal'], i++));
    expect(written).toHaveLength(12);

    const reader = await socketFor(fx.readers[1]);
    const first = await join(reader, fx.project.slug, 0);
    expect(first.catchUp).toMatchObject({ kind: 'events', upTo: PAGE, more: true });
    if (first.catchUp.kind !== 'events') return;
    const rest = await request(reader, { type: 'events.since', lastSeq: first.catchUp.upTo });
    expect(rest.ok && rest.data).toMatchObject({ kind: 'events', upTo: 12, more: false });
    if (!rest.ok || rest.data.kind !== 'events') return;
    const events = [...first.catchUp.events, ...rest.data.events];
    expect(events.map((e) => e.seq)).toEqual(written.map((e) => e.seq));
    // Each event's read count as of its row, as the live broadcast sent it.
    expect(events.map((e) => e.readCount)).toEqual(written.map((e) => e.readCount));
    // b has read scans 0-3 (scan 1 retracted, still authored): everything is visible to b.
    expect(events.every((e) => e.annotation !== null)).toBe(true);
    expect(events.map((e) => e.annotation?.value ?? null)).toEqual(written.map((e) => e.annotation?.value ?? null));

    // c has read scan 0 only: blind mode hides the other scans' rows from c.
    const other = await socketFor(fx.readers[2]);
    const seen = await join(other, fx.project.slug, 0);
    if (seen.catchUp.kind !== 'events') throw new Error('expected events');
    const next = await request(other, { type: 'events.since', lastSeq: seen.catchUp.upTo });
    if (!next.ok || next.data.kind !== 'events') throw new Error('expected events');
    for (const e of [...seen.catchUp.events, ...next.data.events])
      expect(e.annotation === null).toBe(e.scanId !== fx.scans[0].id);
  });

  it('clients the same events behind share one read of each full page, outside blind mode only', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 3 });
    const sql = new pg.Pool({ connectionString: h.databaseUrl, max: 2 });
    h.onCleanup(() => void sql.end());
    const writer = { id: fx.readers[0].id, name: fx.readers[0].name, role: 'ANNOTATOR' as const };
    const heads = new Map<string, string>();
    for (let i = 0; i < 10; i++) {
      const scanId = fx.scans[i % 3].id;
      const r = await submitAnnotation(h.db, sql, {
        projectId: fx.project.id,
        user: writer,
        input: {
          idempotencyKey: `shared-page-${i}-xx`,
          scanId,
          supersedesId: heads.get(scanId) ?? null,
          intent: { kind: 'label', labels: [i % 2 ? 'glioma' : 'normal'] },
        },
      });
      heads.set(scanId, r.event.annotation!.id);
    }
    class CountingPages extends EventPageCache {
      reads = 0;
      override page(key: string, read: Parameters<EventPageCache['page']>[1]) {
        return super.page(key, () => ((this.reads += 1), read()));
      }
    }
    const pages = new CountingPages();
    const user = { id: fx.readers[1].id, role: 'ANNOTATOR' as const };
    const from = (afterSeq: number, shared?: EventPageCache) =>
      listEventsSince(sql, { projectId: fx.project.id, afterSeq, user, pageSize: 4, maxEvents: 100, pages: shared });

    const alone = await from(0);
    expect(alone).toMatchObject({ kind: 'events', upTo: 4, more: true });
    const storm = await Promise.all([1, 2, 3].map(() => from(0, pages)));
    expect(pages.reads).toBe(1);
    for (const answer of storm) expect(answer).toEqual(alone);
    // The last page (two rows below the head) may still grow: each client reads it.
    const last = await from(8, pages);
    expect(last).toEqual(await from(8));
    expect(last).toMatchObject({ kind: 'events', upTo: 10, more: false });
    expect(pages.size).toBe(1);

    // In blind mode what a reader sees depends on the reader: nothing is shared.
    await h.db.project.update({ where: { id: fx.project.id }, data: { blindMode: true } });
    const blind = await from(0, pages);
    expect(pages.reads).toBe(1);
    expect(blind.kind === 'events' && blind.events.map((e) => e.annotation)).toEqual([null, null, null, null]);
  });

  it('a live session far behind by several pages catches up on all of them', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 1 });
    const sql = new pg.Pool({ connectionString: h.databaseUrl, max: 2 });
    h.onCleanup(() => void sql.end());
    const writer = { id: fx.readers[0].id, name: fx.readers[0].name, role: 'ANNOTATOR' as const };
    let supersedesId: string | null = null;
    const total = PAGE * 2 + 3;
    for (let i = 0; i < total; i++) {
      const r = await submitAnnotation(h.db, sql, {
        projectId: fx.project.id,
        user: writer,
        input: {
          idempotencyKey: `pages-${i}-xxxxx`,
          scanId: fx.scans[0].id,
          supersedesId,
          intent: { kind: 'label', labels: [i % 2 ? 'glioma' : 'normal'] },
        },
      });
      supersedesId = r.event.annotation!.id;
    }
    const { session } = await liveSessionAs(h.url, fx.readers[1], liveProjectOf(fx.project), { seq: 0 });
    h.onCleanup(() => session.dispose());
    await waitUntil(() => session.getState().seq.contiguous === total, 10_000, 'every page');
  });
});

describe('requests in flight per connection', () => {
  it('refuses requests beyond the limit at once and serves the connection again when they are answered', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const s = await socketFor(fx.readers[0]);
    await join(s, fx.project.slug);
    const burst = await Promise.all(
      Array.from({ length: IN_FLIGHT * 5 }, () => request(s, { type: 'events.since', lastSeq: 0 })),
    );
    const refused = burst.filter((r) => !r.ok);
    expect(refused.length).toBeGreaterThan(0);
    expect(burst.filter((r) => r.ok).length).toBeGreaterThanOrEqual(IN_FLIGHT);
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'TOO_MANY_REQUESTS' } });
    expect(await request(s, { type: 'events.since', lastSeq: 0 })).toMatchObject({ ok: true });
  });
});
