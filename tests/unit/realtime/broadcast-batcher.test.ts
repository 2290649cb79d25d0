import { describe, expect, it } from 'vitest';
import { BroadcastBatcher } from '@/server/realtime/broadcast-batcher';
import type { IoServer } from '@/server/realtime/socket-types';

/** Just enough of a Socket.IO server to record what the batcher writes. */
function fakeIo(log: string[]): IoServer {
  const target = { except: () => target, emit: (_e: string, msg: { type: string }) => void log.push(`emit ${msg.type}`) };
  return { local: { to: () => target }, of: () => ({ adapter: { rooms: new Map() } }) } as unknown as IoServer;
}

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
