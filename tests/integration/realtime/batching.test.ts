import { describe, expect, it } from 'vitest';
import type { ProjectEvent } from '@/lib/events/project-event';
import type { AnnotationEvent, ServerMessage } from '@/lib/realtime/protocol';
import type { SessionUser } from '@/lib/auth/roles';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { request, type Inbox } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

/**
 * The server batches the room broadcasts of one event-loop turn into one frame per
 * connection (server/realtime/broadcast-batcher.ts); clients unpack them
 * (lib/realtime/unpack.ts). Nothing may wait at low load, and nothing may be lost,
 * duplicated or reordered under a burst.
 */
const h = realtimeHarness();
let keyCounter = 0;
const key = () => `batch-key-${++keyCounter}-${Date.now()}`;
const annotations = (inbox: Inbox) => inbox.of('annotation.created');
const projectEvents = (inbox: Inbox) => inbox.messages.filter((m) => m.msg.type === 'project.event');
/** A numbered project event (an upload's progress stands in for any). */
const numbered = (batchId: string, n: number): ProjectEvent => ({
  type: 'import.progress',
  batchId,
  userId: 'test',
  done: n,
  total: 1000,
  file: `file-${n}`,
});
const numberOf = (e: ProjectEvent): number | null => (e.type === 'import.progress' ? e.done : null);
/** Frames that carried the given messages, and the largest number one frame carried. */
function framing(inbox: Inbox, pick: (m: ServerMessage) => boolean) {
  const perFrame = new Map<number, number>();
  for (const m of inbox.messages) if (pick(m.msg)) perFrame.set(m.frame, (perFrame.get(m.frame) ?? 0) + 1);
  return { frames: perFrame.size, largest: Math.max(0, ...perFrame.values()) };
}
const joined = (user: SessionUser, slug: string) => h.joined(user, slug);

describe('broadcast batching', () => {
  it('at low rate each label leaves alone, in the turn that committed it (no added delay)', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 11 });
    const a = await joined(fx.readers[0], fx.project.slug);
    const b = await joined(fx.readers[1], fx.project.slug);
    const gaps: number[] = [];
    for (const scan of fx.scans) {
      const ack = await request(a.socket, {
        type: 'annotation.submit',
        idempotencyKey: key(),
        scanId: scan.id,
        supersedesId: null,
        intent: { kind: 'label', labels: ['glioma'] },
      });
      const ackedAt = performance.now();
      if (!ack.ok) throw new Error(ack.error.message);
      await b.inbox.waitFor((m) => m.type === 'annotation.created' && m.seq === ack.data.annotation.seq);
      const got = b.inbox.messages.find(
        (m) => m.msg.type === 'annotation.created' && m.msg.seq === ack.data.annotation.seq,
      )!;
      gaps.push(got.at - ackedAt);
    }
    // One frame per label, each a lone message (no batch wrapper), in commit order.
    expect(framing(b.inbox, (m) => m.type === 'annotation.created')).toEqual({ frames: 11, largest: 1 });
    const seqs = annotations(b.inbox).map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    // The broadcast is written in the same turn as the author's ack: the other reader has it
    // about when the author has the ack (median, so that one hiccup of a shared machine does not fail it).
    expect(gaps.sort((x, y) => x - y)[5]).toBeLessThan(25);
  });

  it("a burst of one turn's broadcasts reaches each connection as a few frames, in order, none lost", async () => {
    const fx = await realtimeProject(h.db, { readers: 2 });
    const a = await joined(fx.readers[0], fx.project.slug);
    const c = await joined(fx.clinician, fx.project.slug);
    const publish = h.server(0).services.publish!;
    // 150 events in one synchronous run: one turn. Frames hold at most 64 broadcasts each.
    for (let i = 0; i < 150; i++) publish(fx.project.id, numbered('burst', i));
    for (const inbox of [a.inbox, c.inbox]) {
      await inbox.waitFor((m) => m.type === 'project.event' && numberOf(m.event) === 149);
      const got = projectEvents(inbox).map((m) => (m.msg.type === 'project.event' ? numberOf(m.msg.event) : null));
      expect(got).toEqual(Array.from({ length: 150 }, (_, i) => i));
      expect(framing(inbox, (m) => m.type === 'project.event')).toEqual({ frames: 3, largest: 64 });
    }
    // A lone event after the burst leaves alone.
    publish(fx.project.id, numbered('burst', 150));
    await a.inbox.waitFor((m) => m.type === 'project.event' && numberOf(m.event) === 150);
    expect(framing(a.inbox, (m) => m.type === 'project.event')).toEqual({ frames: 4, largest: 64 });
  });

  it('concurrent labels in blind mode: every member gets every label exactly once, in the same order, redacted unless it may see it', async () => {
    const readers = 8;
    const fx = await realtimeProject(h.db, { readers: readers + 1, scans: 12 });
    const members = await Promise.all([...fx.readers, fx.clinician].map((u) => joined(u, fx.project.slug)));
    const writers = members.slice(0, readers);
    const publish = h.server(0).services.publish!;
    const acked: AnnotationEvent[] = [];
    for (let round = 0; round < 3; round++) {
      // Readers 2p and 2p+1 read scan p of the round: the second read completes it.
      const acks = await Promise.all(
        writers.map((w, i) => {
          const scanId = fx.scans[round * (readers / 2) + Math.floor(i / 2)].id;
          return request(w.socket, {
            type: 'annotation.submit',
            idempotencyKey: key(),
            scanId,
            supersedesId: null,
            intent: { kind: 'label', labels: ['glioma'] },
          });
        }),
      );
      publish(fx.project.id, numbered('round', round));
      for (const ack of acks) {
        if (!ack.ok) throw new Error(ack.error.message);
        acked.push(ack.data.annotation);
      }
    }
    const last = Math.max(...acked.map((e) => e.seq));
    await Promise.all(members.map((m) => m.inbox.waitFor((x) => x.type === 'annotation.created' && x.seq === last)));
    await Promise.all(
      members.map((m) => m.inbox.waitFor((x) => x.type === 'project.event' && numberOf(x.event) === 2)),
    );
    const orders = members.map((m) => annotations(m.inbox).map((e) => e.seq));
    for (const order of orders) {
      expect([...order].sort((x, y) => x - y)).toEqual(acked.map((e) => e.seq).sort((x, y) => x - y));
      expect(order).toEqual(orders[0]);
    }
    const observer = members[readers];
    const clinician = members[readers + 1];
    for (const e of acked) {
      // Those who had read the scan when this row was committed see it in full.
      const authors = new Set(
        acked.filter((o) => o.scanId === e.scanId && o.seq <= e.seq).map((o) => o.annotation!.authorId),
      );
      expect(annotations(observer.inbox).find((m) => m.seq === e.seq)!.annotation).toBeNull();
      // The clinician sees the row once the scan is complete (the second read), in full.
      const seen = annotations(clinician.inbox).find((m) => m.seq === e.seq)!;
      expect(seen.annotation === null).toBe(e.readCount < 2);
      for (const [i, w] of writers.entries()) {
        const got = annotations(w.inbox).find((m) => m.seq === e.seq)!;
        expect(got.annotation === null, `writer ${i}, seq ${e.seq}`).toBe(!authors.has(fx.readers[i].id));
      }
    }
    // Each round's event follows that round's labels (published after their acks) on every connection.
    for (const m of members) {
      const order = m.inbox.messages.map((x) =>
        x.msg.type === 'annotation.created'
          ? x.msg.seq
          : x.msg.type === 'project.event'
            ? `r${String(numberOf(x.msg.event))}`
            : null,
      );
      for (let round = 0; round < 3; round++) {
        const at = order.indexOf(`r${round}`);
        const mine = acked.slice(round * readers, (round + 1) * readers).map((e) => order.indexOf(e.seq));
        expect(Math.max(...mine)).toBeLessThan(at);
      }
    }
  });
});
