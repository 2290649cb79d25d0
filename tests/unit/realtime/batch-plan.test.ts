import { describe, expect, it } from 'vitest';
import type { ServerMessage, ServerWireMessage } from '@/lib/realtime/protocol';
import { planBatches, type RoomBroadcast } from '@/server/realtime/batch-plan';

const event = (seq: number, redacted = false): ServerMessage => ({
  type: 'annotation.created',
  seq,
  scanId: `scan-${seq}`,
  readCount: 1,
  annotation: redacted
    ? null
    : {
        id: `a${seq}`,
        seq,
        scanId: `scan-${seq}`,
        authorId: 'u',
        authorName: 'U',
        source: 'HUMAN',
        action: 'LABEL',
        value: { labels: ['x'] },
        supersedesId: null,
        predictionId: null,
        idempotencyKey: `k${seq}`,
        createdAt: '2026-01-01T00:00:00.000Z',
      },
});
const unpacked = (w: ServerWireMessage): ServerMessage[] => (w.type === 'batch' ? w.messages : [w]);
const tag = (m: ServerMessage) => (m.type === 'annotation.created' ? `${m.seq}${m.annotation ? 'F' : 'R'}` : m.type);

/** What each connection receives, frame by frame, from a plan. */
function frames(plan: ReturnType<typeof planBatches>): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  for (const w of plan) for (const id of w.socketIds) out.set(id, [...(out.get(id) ?? []), unpacked(w.wire).map(tag)]);
  return out;
}

const rooms = (entries: Record<string, string[]>) =>
  new Map(Object.entries(entries).map(([room, ids]) => [room, new Set(ids)]));

describe('planBatches', () => {
  it('gives each connection one frame with its messages in queue order, a lone message unwrapped', () => {
    const members = rooms({ p: ['a', 'b', 'c'], 'u:a': ['a'] });
    const queue: RoomBroadcast[] = [
      { rooms: ['p'], msg: event(1) },
      {
        rooms: ['u:a'],
        msg: { type: 'project.event', event: { type: 'training.started', trainingJobId: 'j', attempt: 1 } },
      },
      { rooms: ['p'], msg: event(2) },
    ];
    const plan = planBatches(queue, members);
    expect(frames(plan)).toEqual(
      new Map([
        ['a', [['1F', 'project.event', '2F']]],
        ['b', [['1F', '2F']]],
        ['c', [['1F', '2F']]],
      ]),
    );
    // b and c get the same messages: one frame, encoded once.
    expect(plan).toHaveLength(2);
    const lone = planBatches([{ rooms: ['u:a'], msg: event(7) }], members);
    expect(lone).toEqual([{ socketIds: ['a'], wire: event(7) }]);
  });

  it('routes blind-mode pairs (full to authors, redacted to the rest) with one shared frame for non-authors', () => {
    const members = rooms({ p: ['a', 'b', 'c', 'd', 'e'], 'u:a': ['a'], 'u:b': ['b', 'b2'], clin: ['e'] });
    const queue: RoomBroadcast[] = [];
    const label = (seq: number, full: string[]) => {
      queue.push({ rooms: full, msg: event(seq) }, { rooms: ['p'], except: full, msg: event(seq, true) });
    };
    label(10, ['u:a']);
    label(11, ['u:b', 'clin']);
    label(12, ['u:a', 'u:b']);
    const got = frames(planBatches(queue, members));
    expect(got.get('a')).toEqual([['10F', '11R', '12F']]);
    expect(got.get('b')).toEqual([['10R', '11F', '12F']]);
    // b2 is in b's user room but not (yet) in the project room: it gets only what its rooms route to it.
    expect(got.get('b2')).toEqual([['11F', '12F']]);
    expect(got.get('c')).toEqual([['10R', '11R', '12R']]);
    expect(got.get('d')).toEqual([['10R', '11R', '12R']]);
    expect(got.get('e')).toEqual([['10R', '11F', '12R']]);
    const plan = planBatches(queue, members);
    expect(plan.find((w) => w.socketIds.includes('c'))?.socketIds).toEqual(['c', 'd']);
  });

  it('loses nothing and duplicates nothing: every connection gets exactly the broadcasts it is a recipient of', () => {
    const ids = Array.from({ length: 30 }, (_, i) => `s${i}`);
    const members = rooms({ p: ids, odd: ids.filter((_, i) => i % 2 === 1), three: ids.filter((_, i) => i % 3 === 0) });
    const queue: RoomBroadcast[] = Array.from({ length: 40 }, (_, i) => ({
      rooms: i % 4 === 0 ? ['odd', 'three'] : ['p'],
      except: i % 5 === 0 ? ['three'] : undefined,
      msg: event(i + 1),
    }));
    const got = frames(planBatches(queue, members));
    for (const [n, id] of ids.entries()) {
      const inRoom = (room: string) => members.get(room)?.has(id) ?? false;
      const expected = queue
        .filter((b) => b.rooms.some(inRoom) && !(b.except ?? []).some(inRoom))
        .map((b) => tag(b.msg));
      expect(got.get(id) ?? [], `connection ${n}`).toEqual(expected.length ? [expected] : []);
    }
  });

  it('sends nothing to rooms nobody is in', () => {
    expect(planBatches([{ rooms: ['empty'], msg: event(1) }], rooms({ p: ['a'] }))).toEqual([]);
  });
});
