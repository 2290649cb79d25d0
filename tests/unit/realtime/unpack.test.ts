import { describe, expect, it } from 'vitest';
import type { ServerMessage } from '@/lib/realtime/protocol';
import { eachServerMessage } from '@/lib/realtime/unpack';

const event = (seq: number): ServerMessage => ({
  type: 'annotation.created',
  seq,
  scanId: 's',
  readCount: 1,
  annotation: null,
});

describe('eachServerMessage', () => {
  it('passes a lone message on as it is', () => {
    const seen: ServerMessage[] = [];
    const lone = event(1);
    eachServerMessage((m) => seen.push(m))(lone);
    expect(seen).toEqual([lone]);
    expect(seen[0]).toBe(lone);
  });

  it('opens a batch into its messages, in order', () => {
    const seen: ServerMessage[] = [];
    const listener = eachServerMessage((m) => seen.push(m));
    listener({ type: 'batch', messages: [event(3), { type: 'presence.leave', socketId: 'x' }, event(4)] });
    listener(event(5));
    expect(seen.map((m) => (m.type === 'annotation.created' ? m.seq : m.type))).toEqual([3, 'presence.leave', 4, 5]);
  });

  it('an empty batch hands on nothing', () => {
    const seen: ServerMessage[] = [];
    eachServerMessage((m) => seen.push(m))({ type: 'batch', messages: [] });
    expect(seen).toEqual([]);
  });
});
