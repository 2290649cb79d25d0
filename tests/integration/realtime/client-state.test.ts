import { describe, expect, it } from 'vitest';
import { createRng } from '@/lib/random';
import { liveReducer, initialLiveState, type LiveState } from '@/lib/realtime/live-state';
import { ackItem, dropItem, nextToSend, pendingRows, type OutboxItem } from '@/lib/realtime/outbox';
import { emptyPresence, removePresence, upsertPresence, usersByScan } from '@/lib/realtime/presence';
import type { ScanSummary } from '@/lib/realtime/protocol';
import { openScanView } from '@/lib/realtime/scan-view';
import { advanceSeq, seeSeq, seqWindowAt } from '@/lib/realtime/seq-window';
import { applyEventToSummary, mergeSummary } from '@/lib/realtime/summaries';
import { labelingKeyCommand } from '@/components/labeling/labeling-keys';
import { annotationEvent } from '../../helpers/realtime-rows';

/** Pure client logic of lib/realtime (no sockets): ordering, summaries, outbox, presence, keys. */
const me = { id: 'me', name: 'Me', role: 'ANNOTATOR' as const };

const event = annotationEvent;

describe('sequence window', () => {
  it('tracks the contiguous prefix whatever the arrival order', () => {
    let w = seqWindowAt(10);
    for (const s of [12, 14, 11]) w = seeSeq(w, s);
    expect(w).toEqual({ contiguous: 12, ahead: [14] });
    expect(advanceSeq(w, 13)).toEqual({ contiguous: 14, ahead: [] });
    expect(seeSeq(w, 9)).toBe(w);
  });
});

describe('summaries converge under any delivery order', () => {
  it('for random permutations of a history (two readers, corrections, undo, reference)', () => {
    const history = [
      event(1, { authorId: 'me', value: { labels: ['a'] } }, 1),
      event(2, { authorId: 'x', value: { labels: ['b'] } }, 2),
      event(3, { authorId: 'me', action: 'CORRECT', value: { labels: ['c'] }, supersedesId: 'a1' }, 2),
      event(4, { authorId: 'x', action: 'UNDO', value: null, supersedesId: 'a2' }, 1),
      event(5, { authorId: 'cl', source: 'ADJUDICATION', action: 'ADJUDICATE', value: { labels: ['c'] } }, 1),
      event(6, { authorId: 'y', value: { labels: ['a'] } }, 2),
    ];
    const inOrder = history.reduce<ScanSummary | undefined>(
      (s, e) => applyEventToSummary(s, e, 'me').summary,
      undefined,
    );
    expect(inOrder).toMatchObject({ seq: 6, readCount: 2, mine: ['c'], reference: ['c'], authored: true });
    expect(inOrder?.reads?.map((r) => r.authorId).sort()).toEqual(['me', 'y']);
    const rng = createRng(7);
    for (let i = 0; i < 200; i++) {
      const shuffled = rng.shuffle([...history, history[rng.int(history.length)]]);
      const s = shuffled.reduce<ScanSummary | undefined>(
        (acc, e) => applyEventToSummary(acc, e, 'me').summary,
        undefined,
      );
      expect({ ...s, reads: s?.reads?.slice().sort((a, b) => a.authorId.localeCompare(b.authorId)) }).toEqual({
        ...inOrder,
        reads: inOrder?.reads?.slice().sort((a, b) => a.authorId.localeCompare(b.authorId)),
      });
    }
  });

  it('a redacted event blinds the summary; a full one on a blinded summary asks for a refresh', () => {
    const blinded = applyEventToSummary(undefined, event(1, null, 1), 'me');
    expect(blinded.summary).toMatchObject({ reads: null, readCount: 1 });
    expect(applyEventToSummary(blinded.summary, event(2, { authorId: 'me' }, 2), 'me')).toMatchObject({
      incomplete: true,
      summary: { mine: ['a'], authored: true },
    });
  });
});

describe('merging a fetched summary', () => {
  it('keeps newer chains of the older one, and once authored stays authored', () => {
    const older = applyEventToSummary(
      undefined,
      event(5, { authorId: 'me', value: { labels: ['b'] } }, 1),
      'me',
    ).summary;
    const fresh = {
      scanId: 's1',
      seq: 3,
      readCount: 0,
      authored: false,
      mine: null,
      reads: [],
      reference: null,
      chains: {},
    };
    expect(mergeSummary(older, fresh, 'me').summary).toMatchObject({
      seq: 5,
      readCount: 1,
      authored: true,
      mine: ['b'],
      reads: [{ authorId: 'me', labels: ['b'] }],
    });
  });
});

describe('visibility races', () => {
  it('a fetched state older than a redacting event is fetched again', () => {
    const hidden = applyEventToSummary(undefined, event(35, null, 1), 'me').summary;
    const staleVisible = {
      scanId: 's1',
      seq: 34,
      readCount: 2,
      authored: false,
      mine: null,
      reads: [{ authorId: 'x', authorName: 'X', labels: ['a'] }],
      reference: null,
      chains: { 'read:x': 34 },
    };
    expect(mergeSummary(hidden, staleVisible, 'me').needSeq).toBe(35);
  });
});

describe('outbox', () => {
  const item = (key: string, supersedes: OutboxItem['supersedes']): OutboxItem => ({
    key,
    scanId: 's1',
    intent: { kind: 'label', labels: ['a'] },
    supersedes,
    planned: { source: 'HUMAN', action: 'LABEL', value: { labels: ['a'] }, predictionId: null },
    status: 'queued',
    attempts: 0,
  });

  it('sends in order; an edit built on a pending one waits for its ack, then names the committed row', () => {
    let box = [item('k1', null), item('k2', { key: 'k1' }), item('k3', { key: 'k2' })];
    expect(nextToSend(box)?.key).toBe('k1');
    box = ackItem(box, 'k1', 'row1');
    expect(box[0]).toMatchObject({ key: 'k2', supersedes: { id: 'row1' } });
    expect(pendingRows(box, 's1', me).map((r) => r.supersedesId)).toEqual(['row1', 'pending:k2']);
  });

  it('a refused edit drops those built on it', () => {
    const { outbox, dropped } = dropItem(
      [item('k1', null), item('k2', { key: 'k1' }), item('k3', { id: 'other' })],
      'k1',
    );
    expect(dropped.map((i) => i.key)).toEqual(['k1', 'k2']);
    expect(outbox.map((i) => i.key)).toEqual(['k3']);
  });
});

describe('live state', () => {
  it('presence of a join survives its ack; a new connection starts empty', () => {
    let s: LiveState = liveReducer(initialLiveState(), {
      type: 'connection',
      connection: 'online',
      socketId: 'sock-me',
    });
    s = liveReducer(s, {
      type: 'server',
      message: {
        type: 'presence.snapshot',
        entries: [{ socketId: 'sock-x', userId: 'x', name: 'X', scanId: 's1', rev: 1 }],
      },
    });
    s = liveReducer(s, { type: 'joined', me, catchUp: { kind: 'reset', seq: 3 } });
    expect(
      usersByScan(s.presence, s.socketId)
        .get('s1')
        ?.map((u) => u.userId),
    ).toEqual(['x']);
    s = liveReducer(s, { type: 'connection', connection: 'offline' });
    expect(Object.keys(s.presence.entries)).toEqual([]);
  });

  it('shows an optimistic label at once, and the committed one after the ack', () => {
    let s: LiveState = liveReducer(initialLiveState(), { type: 'joined', me, catchUp: { kind: 'reset', seq: 0 } });
    s = liveReducer(s, { type: 'open', scanId: 's1' });
    s = liveReducer(s, {
      type: 'scan-state',
      state: {
        scanId: 's1',
        title: 't',
        seq: 0,
        readsPerScan: 2,
        readCount: 0,
        blinded: true,
        rows: [],
        predictions: [],
        claim: null,
      },
    });
    const planned = {
      source: 'HUMAN' as const,
      action: 'LABEL' as const,
      value: { labels: ['a'] },
      predictionId: null,
    };
    s = liveReducer(s, {
      type: 'enqueue',
      item: {
        key: 'k1',
        scanId: 's1',
        intent: { kind: 'label', labels: ['a'] },
        supersedes: null,
        planned,
        status: 'queued',
        attempts: 0,
      },
    });
    expect(openScanView(s)?.mine).toMatchObject({ labels: ['a'], pending: true });
    expect(openScanView(s)?.readCount).toBe(1);
    s = liveReducer(s, {
      type: 'acked',
      key: 'k1',
      event: event(1, { authorId: 'me', idempotencyKey: 'k1' }),
      revealed: null,
    });
    expect(openScanView(s)?.mine).toMatchObject({ labels: ['a'], pending: false, headId: 'a1' });
    expect(s.outbox).toEqual([]);
  });

  it('presence ignores a late copy of a departed or older entry', () => {
    let p = upsertPresence(emptyPresence, { socketId: 's', userId: 'u', name: 'U', scanId: 'x', rev: 2 });
    p = upsertPresence(p, { socketId: 's', userId: 'u', name: 'U', scanId: 'old', rev: 1 });
    expect(p.entries.s.scanId).toBe('x');
    p = removePresence(p, 's');
    expect(upsertPresence(p, { socketId: 's', userId: 'u', name: 'U', scanId: 'x', rev: 3 }).entries).toEqual({});
  });
});

describe('labelling keys', () => {
  const key = (k: Partial<Parameters<typeof labelingKeyCommand>[0]>) =>
    labelingKeyCommand({ key: '', code: '', shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...k }, 3);
  it('maps digits (by code) to classes, letters to actions, and leaves Shift+digit to the viewer', () => {
    expect(key({ key: '2', code: 'Digit2' })).toEqual({ type: 'label', index: 1 });
    expect(key({ key: '4', code: 'Digit4' })).toBeNull();
    expect(key({ key: '!', code: 'Digit1', shiftKey: true })).toBeNull();
    expect(key({ key: 'a', code: 'KeyA' })).toEqual({ type: 'accept' });
    expect(key({ key: 'N', code: 'KeyN' })).toEqual({ type: 'next' });
    expect(key({ key: '?', code: 'Slash', shiftKey: true })).toEqual({ type: 'help' });
    expect(key({ key: 'u', code: 'KeyU', ctrlKey: true })).toBeNull();
  });
});
