import { describe, expect, it } from 'vitest';
import { BroadcastBatcher } from '@/server/realtime/broadcast-batcher';
import type { IoServer } from '@/server/realtime/socket-types';

/** Just enough of a Socket.IO server to record what the batcher writes. */
function fakeIo(log: string[], rooms = new Map<string, Set<string>>()): IoServer {
  const emit = (_e: string, msg: { type: string; messages?: { type: string }[] }) =>
    void log.push(`emit ${msg.messages ? msg.messages.map((m) => m.type).join('+') : msg.type}`);
  const target = { except: () => target, emit };
  return { local: { to: () => target }, of: () => ({ adapter: { rooms } }) } as unknown as IoServer;
}

describe('BroadcastBatcher.rideNextFlush', () => {
  it('sends what rides in the same frame as the flush that goes anyway, and schedules no flush itself', async () => {
    const log: string[] = [];
    const batcher = new BroadcastBatcher(fakeIo(log, new Map([['p', new Set(['a', 'b'])]])));
    batcher.rideNextFlush(() => batcher.send({ rooms: ['p'], msg: { type: 'presence.update' } as never }));
    await new Promise((r) => setImmediate(r));
    expect(log).toEqual([]); // a rider alone writes nothing
    batcher.send({ rooms: ['p'], msg: { type: 'annotation.created' } as never });
    await batcher.afterFlush();
    // One frame to both connections: the rider's message after the label, in one batch.
    expect(log).toEqual(['emit annotation.created+presence.update']);
    batcher.send({ rooms: ['p'], msg: { type: 'annotation.created' } as never });
    await batcher.afterFlush();
    expect(log).toEqual(['emit annotation.created+presence.update', 'emit annotation.created']); // a rider rides once
  });
});

describe('BroadcastBatcher.afterFlush', () => {
  it("resolves only after the queued broadcast is written, so follow-up work (the author's ack) goes after it", async () => {
    const log: string[] = [];
    const batcher = new BroadcastBatcher(fakeIo(log));
    batcher.send({ rooms: ['p'], msg: { type: 'annotation.created' } as never });
    const done = batcher.afterFlush().then(() => log.push('ack'));
    await Promise.resolve();
    expect(log).toEqual([]);
    await done;
    expect(log).toEqual(['emit annotation.created', 'ack']);
  });

  it('resolves at once when nothing is queued', async () => {
    const log: string[] = [];
    const batcher = new BroadcastBatcher(fakeIo(log));
    await batcher.afterFlush();
    expect(log).toEqual([]);
  });
});
