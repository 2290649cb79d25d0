import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerMessage } from '@/lib/realtime/protocol';
import type { RoomBroadcast } from '@/server/realtime/batch-plan';
import type { BroadcastBatcher } from '@/server/realtime/broadcast-batcher';
import { PRESENCE_FLUSH_MS, PresenceHub } from '@/server/realtime/presence-hub';
import { projectRoom } from '@/server/realtime/rooms';
import type { IoServer, IoSocket } from '@/server/realtime/socket-types';
import type { Logger } from '@/server/logger';

type Relay = { projectId: string; changes: ServerMessage[] };

/** Just enough of Socket.IO: records local sends, snapshots and relays; `servers` is the adapter's count. */
function fixture(servers: number) {
  const sent: RoomBroadcast[] = [];
  const snapshots: { to: string; local: boolean; msg: ServerMessage }[] = [];
  const relays: Relay[] = [];
  const handlers = new Map<string, (arg: unknown) => void>();
  const target = (to: string, local: boolean) => ({
    emit: (_e: string, msg: ServerMessage) => void snapshots.push({ to, local, msg }),
  });
  const io = {
    on: (event: string, f: (arg: unknown) => void) => void handlers.set(event, f),
    to: (to: string) => target(to, false),
    local: { to: (to: string) => target(to, true) },
    of: () => ({ adapter: { serverCount: () => Promise.resolve(servers) } }),
    serverSideEmit: (event: string, arg: Relay) => {
      if (event === 'presence:relay') relays.push(arg);
    },
  } as unknown as IoServer;
  // The batcher's flushes are driven by hand: `flushBatcher` runs what rides on the next one.
  let riders: (() => void)[] = [];
  const batcher = {
    send: (b: RoomBroadcast) => void sent.push(b),
    rideNextFlush: (ride: () => void) => void riders.push(ride),
  } as unknown as BroadcastBatcher;
  const flushBatcher = () => {
    const now = riders;
    riders = [];
    for (const ride of now) ride();
  };
  const log = { warn: () => undefined } as unknown as Logger;
  const hub = new PresenceHub(io, batcher, servers > 0, log);
  const socket = (id: string) =>
    ({ id, data: { user: { id: `user-${id}`, name: `Reader ${id}` } } }) as unknown as IoSocket;
  return { hub, sent, snapshots, relays, handlers, socket, flushBatcher };
}

const scanOf = (m: ServerMessage) => (m.type === 'presence.update' ? m.entry.scanId : m.type);

describe('PresenceHub: changes coalesced per project', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('sends each connection’s latest change once per flush window, to the project room', () => {
    const f = fixture(0);
    const a = f.socket('a');
    const b = f.socket('b');
    f.hub.join(a, 'p1');
    f.hub.join(b, 'p1');
    for (const scan of ['s1', 's2', 's3', 's4']) f.hub.view(a, scan);
    f.hub.view(b, 's9');
    expect(f.sent).toEqual([]);
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    // Four moves and a join of A: one update, the last; B's join and move: one update.
    expect(f.sent.map((s) => [s.rooms, scanOf(s.msg)])).toEqual([
      [[projectRoom('p1')], 's4'],
      [[projectRoom('p1')], 's9'],
    ]);
    const revs = f.sent.map((s) => (s.msg.type === 'presence.update' ? s.msg.entry.rev : 0));
    expect(revs).toEqual([5, 2]);
  });

  it('a leave replaces an unsent update, and later windows send again', () => {
    const f = fixture(0);
    const a = f.socket('a');
    f.hub.join(a, 'p1');
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    f.hub.view(a, 's1');
    f.hub.leave(a);
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(f.sent.map((s) => scanOf(s.msg))).toEqual([null, 'presence.leave']);
  });

  it('rides on the next frames sent anyway (a label) instead of waiting for its deadline', () => {
    const f = fixture(0);
    const a = f.socket('a');
    f.hub.join(a, 'p1');
    f.hub.view(a, 's1');
    f.hub.view(a, 's2');
    f.flushBatcher(); // a label's broadcast leaves now
    expect(f.sent.map((s) => scanOf(s.msg))).toEqual(['s2']);
    // The deadline finds nothing left; a later change rides again.
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    expect(f.sent).toHaveLength(1);
    f.hub.view(a, 's3');
    f.flushBatcher();
    expect(f.sent.map((s) => scanOf(s.msg))).toEqual(['s2', 's3']);
  });

  it('gives a joining connection the entries of this server at once, without the adapter', () => {
    const f = fixture(2);
    const a = f.socket('a');
    f.hub.join(a, 'p1');
    f.hub.view(a, 's1');
    const b = f.socket('b');
    f.hub.join(b, 'p1');
    expect(f.snapshots.at(-1)).toEqual({
      to: 'b',
      local: true,
      msg: {
        type: 'presence.snapshot',
        entries: [expect.objectContaining({ socketId: 'a', scanId: 's1' }), expect.objectContaining({ socketId: 'b' })],
      },
    });
  });
});

describe('PresenceHub: between servers', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  it('relays one flush in NOTIFY-sized chunks while another server is alive', async () => {
    const f = fixture(2);
    for (let i = 0; i < 20; i++) f.hub.join(f.socket(`s${i}`), 'p1');
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    await vi.runAllTimersAsync();
    expect(f.relays.map((r) => r.changes.length)).toEqual([15, 5]);
    expect(f.relays.every((r) => r.projectId === 'p1')).toBe(true);
  });

  it('still relays at the deadline what already rode out to this server’s connections', async () => {
    const f = fixture(2);
    const a = f.socket('a');
    f.hub.join(a, 'p1');
    f.hub.view(a, 's1');
    f.flushBatcher();
    expect(f.sent.map((s) => scanOf(s.msg))).toEqual(['s1']);
    expect(f.relays).toEqual([]);
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    await vi.runAllTimersAsync();
    expect(f.relays.map((r) => r.changes.map(scanOf))).toEqual([['s1']]);
    expect(f.sent).toHaveLength(1); // not sent locally twice
  });

  it('relays nothing when this server is alone', async () => {
    const f = fixture(1);
    f.hub.join(f.socket('a'), 'p1');
    vi.advanceTimersByTime(PRESENCE_FLUSH_MS);
    await vi.runAllTimersAsync();
    expect(f.sent).toHaveLength(1);
    expect(f.relays).toEqual([]);
  });

  it('delivers another server’s relayed changes to its own connections', () => {
    const f = fixture(2);
    const change: ServerMessage = { type: 'presence.leave', socketId: 'far' };
    f.handlers.get('presence:relay')?.({ projectId: 'p2', changes: [change] });
    expect(f.sent).toEqual([{ rooms: [projectRoom('p2')], msg: change }]);
  });
});
