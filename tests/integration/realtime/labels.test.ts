import { describe, expect, it } from 'vitest';
import type { AnnotationEvent, ServerMessage } from '@/lib/realtime/protocol';
import type { ClientSocket } from '@/components/labeling/socket-transport';
import type { SessionUser } from '@/lib/auth/roles';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { request } from '../../helpers/realtime-client';
import { makePrediction, realtimeProject } from '../../helpers/realtime-fixtures';

const h = realtimeHarness();
let keyCounter = 0;
const key = () => `test-key-${++keyCounter}-${Date.now()}`;
const isAnnotation =
  (scanId: string) =>
  (m: ServerMessage): m is AnnotationEvent =>
    m.type === 'annotation.created' && m.scanId === scanId;
const joined = (user: SessionUser, slug: string) => h.joined(user, slug);

async function label(socket: ClientSocket, scanId: string, labels: string[], supersedesId: string | null = null) {
  return request(socket, {
    type: 'annotation.submit',
    idempotencyKey: key(),
    scanId,
    supersedesId,
    intent: { kind: 'label', labels },
  });
}

describe('live labels (blind mode off)', () => {
  it('a label made by one reader reaches the other open view in full, within 100 ms on loopback (median of 10)', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 11 });
    const a = await joined(fx.readers[0], fx.project.slug);
    const b = await joined(fx.readers[1], fx.project.slug);
    await request(b.socket, { type: 'scan.open', scanId: fx.scans[0].id, resumeClaim: false });
    // Warm up the connection pools and code paths once.
    await label(a.socket, fx.scans[10].id, ['normal']);
    await b.inbox.waitFor(isAnnotation(fx.scans[10].id));

    const latencies: number[] = [];
    for (const [i, scan] of fx.scans.slice(0, 10).entries()) {
      const sent = performance.now();
      const ack = await label(a.socket, scan.id, ['glioma']);
      const got = await b.inbox.waitFor(isAnnotation(scan.id));
      latencies.push(b.inbox.messages.find((m) => m.msg === got)!.at - sent);
      if (i > 0) continue;
      expect(ack.ok).toBe(true);
      if (!ack.ok) return;
      expect(got.annotation).toMatchObject({
        authorId: fx.readers[0].id,
        action: 'LABEL',
        source: 'HUMAN',
        value: { labels: ['glioma'] },
      });
      expect(got.seq).toBe(ack.data.annotation.seq);
      expect(got.readCount).toBe(1);
    }
    // The median: one scheduling hiccup of a shared machine should not fail the suite (bench/realtime measures percentiles).
    expect(latencies.sort((x, y) => x - y)[5]).toBeLessThan(100);
  });

  it('two readers labelling the same scan at once both keep their reads', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const a = await joined(fx.readers[0], fx.project.slug);
    const b = await joined(fx.readers[1], fx.project.slug);
    const scan = fx.scans[0].id;
    const [ra, rb] = await Promise.all([label(a.socket, scan, ['glioma']), label(b.socket, scan, ['meningioma'])]);
    expect(ra.ok && rb.ok).toBe(true);
    const state = await request(a.socket, { type: 'scan.get', scanId: scan });
    if (!state.ok) throw new Error(state.error.message);
    expect(state.data.readCount).toBe(2);
    expect(state.data.rows.map((r) => r.value?.labels[0]).sort()).toEqual(['glioma', 'meningioma']);
    const seqs = state.data.rows.map((r) => r.seq).sort();
    expect(new Set(seqs).size).toBe(2);
  });

  it('refuses an edit of a superseded row as STALE, with the current state, and writes nothing', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const tab1 = await joined(fx.readers[0], fx.project.slug);
    const tab2 = await joined(fx.readers[0], fx.project.slug);
    const scan = fx.scans[0].id;
    const first = await label(tab1.socket, scan, ['glioma']);
    if (!first.ok) throw new Error(first.error.message);
    const firstId = first.data.annotation.annotation!.id;
    const fromTab2 = await label(tab2.socket, scan, ['normal'], firstId);
    expect(fromTab2.ok).toBe(true);
    // Tab 1 still thinks `first` is the latest.
    const stale = await label(tab1.socket, scan, ['meningioma'], firstId);
    expect(stale).toMatchObject({ ok: false, error: { code: 'STALE' } });
    if (stale.ok) return;
    expect(stale.error.message).toMatch(/normal/);
    const details = stale.error.details as { rows: { value: { labels: string[] } | null }[] };
    expect(details.rows.at(-1)?.value?.labels).toEqual(['normal']);
    // A second first label of the same reader is stale too (their chain is not empty).
    expect(await label(tab1.socket, scan, ['meningioma'], null)).toMatchObject({ ok: false, error: { code: 'STALE' } });
    expect(await h.db.annotation.count({ where: { scanId: scan } })).toBe(2);
  });

  it('two concurrent edits of one row: exactly one commits', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const t1 = await joined(fx.readers[0], fx.project.slug);
    const t2 = await joined(fx.readers[0], fx.project.slug);
    const scan = fx.scans[0].id;
    const first = await label(t1.socket, scan, ['glioma']);
    if (!first.ok) throw new Error(first.error.message);
    const id = first.data.annotation.annotation!.id;
    const results = await Promise.all([
      label(t1.socket, scan, ['normal'], id),
      label(t2.socket, scan, ['meningioma'], id),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.error.code === 'STALE')).toHaveLength(1);
  });

  it('two tabs of one reader labelling a new scan at once: one read, the other STALE (never two chains)', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 6 });
    const t1 = await joined(fx.readers[0], fx.project.slug);
    const t2 = await joined(fx.readers[0], fx.project.slug);
    for (const scan of fx.scans.map((s) => s.id)) {
      const results = await Promise.all([label(t1.socket, scan, ['glioma']), label(t2.socket, scan, ['normal'])]);
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      expect(results.filter((r) => !r.ok && r.error.code === 'STALE')).toHaveLength(1);
      expect(await h.db.annotation.count({ where: { scanId: scan } })).toBe(1);
    }
    // Sequence numbers stay gapless: a refused write takes none.
    const seqs = (await h.db.annotation.findMany({ where: { projectId: fx.project.id }, select: { seq: true } }))
      .map((r) => Number(r.seq))
      .sort((a, b) => a - b);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('undo is a new row that walks back through the reader’s history, never a delete', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const a = await joined(fx.readers[0], fx.project.slug);
    const scan = fx.scans[0].id;
    const head = async () => {
      const s = await request(a.socket, { type: 'scan.get', scanId: scan });
      if (!s.ok) throw new Error(s.error.message);
      return s.data.rows.at(-1)!;
    };
    await label(a.socket, scan, ['glioma']);
    await label(a.socket, scan, ['normal'], (await head()).id);
    const undo = () =>
      request(a.socket, {
        type: 'annotation.submit',
        idempotencyKey: key(),
        scanId: scan,
        supersedesId: null,
        intent: { kind: 'undo', chain: 'read' },
      });
    const u1 = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: (await head()).id,
      intent: { kind: 'undo', chain: 'read' },
    });
    expect(u1.ok && u1.data.annotation.annotation).toMatchObject({ action: 'UNDO', value: { labels: ['glioma'] } });
    const u2 = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: (await head()).id,
      intent: { kind: 'undo', chain: 'read' },
    });
    expect(u2.ok && u2.data.annotation.annotation).toMatchObject({ action: 'UNDO', value: null });
    expect(u2.ok && u2.data.annotation.readCount).toBe(0);
    const u3 = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: (await head()).id,
      intent: { kind: 'undo', chain: 'read' },
    });
    expect(u3).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST', message: 'Nothing to undo on this scan.' } });
    expect((await undo()).ok).toBe(false);
    expect(await h.db.annotation.count({ where: { scanId: scan } })).toBe(4);
  });
});

describe('blind mode, predictions and adjudication', () => {
  it('hides other readers’ labels and predictions until the reader submits, then reveals them', async () => {
    const fx = await realtimeProject(h.db, { blindMode: true, task: 'BINARY' });
    const scan = fx.scans[0].id;
    const prediction = await makePrediction(h.db, fx.project.id, scan, [0.2, 0.8]);
    await makePrediction(h.db, fx.project.id, scan, [0.4, 0.6], 'RESNET');
    const a = await joined(fx.readers[0], fx.project.slug);
    const b = await joined(fx.readers[1], fx.project.slug);
    const opened = await request(b.socket, { type: 'scan.open', scanId: scan, resumeClaim: false });
    expect(opened.ok && opened.data).toMatchObject({ blinded: true, predictions: [], rows: [] });

    await label(a.socket, scan, ['hemorrhage']);
    const redacted = await b.inbox.waitFor(isAnnotation(scan));
    expect(redacted.annotation).toBeNull();
    expect(redacted.readCount).toBe(1);
    const state = await request(b.socket, { type: 'scan.get', scanId: scan });
    expect(state.ok && state.data).toMatchObject({ blinded: true, rows: [], predictions: [], readCount: 1 });
    // Accepting a prediction one cannot see is refused.
    const blindAccept = await request(b.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'accept', predictionId: prediction.id },
    });
    expect(blindAccept).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    const mine = await label(b.socket, scan, ['normal']);
    if (!mine.ok) throw new Error(mine.error.message);
    expect(mine.data.revealed).toMatchObject({ blinded: false, readCount: 2 });
    expect(mine.data.revealed?.rows.map((r) => r.value?.labels[0])).toEqual(['hemorrhage', 'normal']);
    expect(mine.data.revealed?.predictions.map((p) => p.kind)).toEqual(['CNN', 'RESNET']);
    // Reader A, who has read the scan, receives B's label in full.
    const full = await a.inbox.waitFor(
      (m): m is AnnotationEvent => isAnnotation(scan)(m) && m.annotation?.authorId === fx.readers[1].id,
    );
    expect(full).toMatchObject({ readCount: 2, annotation: { value: { labels: ['normal'] } } });
  });

  it('accept, reject and correct a prediction with one action each', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, task: 'BINARY' });
    const scan = fx.scans[0].id;
    const p = await makePrediction(h.db, fx.project.id, scan, [0.1, 0.9]);
    const a = await joined(fx.readers[0], fx.project.slug);
    const submit = (
      supersedesId: string | null,
      intent: Parameters<typeof request<'annotation.submit'>>[1]['intent'],
    ) => request(a.socket, { type: 'annotation.submit', idempotencyKey: key(), scanId: scan, supersedesId, intent });
    const accepted = await submit(null, { kind: 'accept', predictionId: p.id });
    if (!accepted.ok) throw new Error(accepted.error.message);
    expect(accepted.data.annotation.annotation).toMatchObject({
      source: 'PREDICTION_ACCEPTED',
      action: 'ACCEPT_PREDICTION',
      predictionId: p.id,
      value: { labels: ['hemorrhage'] },
    });
    const wrongReject = await submit(accepted.data.annotation.annotation!.id, {
      kind: 'reject',
      predictionId: p.id,
      labels: ['hemorrhage'],
    });
    expect(wrongReject).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const rejected = await submit(accepted.data.annotation.annotation!.id, {
      kind: 'reject',
      predictionId: p.id,
      labels: ['normal'],
    });
    expect(rejected.ok && rejected.data.annotation.annotation).toMatchObject({
      source: 'HUMAN',
      action: 'REJECT_PREDICTION',
      value: { labels: ['normal'] },
    });
    const other = await realtimeProject(h.db, { blindMode: false, task: 'BINARY' });
    const foreign = await makePrediction(h.db, other.project.id, other.scans[0].id, [0.5, 0.5]);
    const crossProject = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: fx.scans[1].id,
      supersedesId: null,
      intent: { kind: 'accept', predictionId: foreign.id },
    });
    expect(crossProject).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });

  it('adjudication needs a clinician, forms the reference chain, and clinicians see complete scans', async () => {
    const fx = await realtimeProject(h.db, { blindMode: true, readsPerScan: 2 });
    const scan = fx.scans[0].id;
    const c = await joined(fx.clinician, fx.project.slug);
    const a = await joined(fx.readers[0], fx.project.slug);
    const b = await joined(fx.readers[1], fx.project.slug);
    const adj = (socket: ClientSocket, supersedesId: string | null = null) =>
      request(socket, {
        type: 'annotation.submit',
        idempotencyKey: key(),
        scanId: scan,
        supersedesId,
        intent: { kind: 'adjudicate', labels: ['glioma'] },
      });
    expect(await adj(a.socket)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await label(a.socket, scan, ['glioma']);
    expect((await c.inbox.waitFor(isAnnotation(scan))).annotation).toBeNull();
    await label(b.socket, scan, ['meningioma']);
    // The second read completes the scan: the clinician now receives it in full.
    const complete = await c.inbox.waitFor((m): m is AnnotationEvent => isAnnotation(scan)(m) && m.readCount === 2);
    expect(complete.annotation?.value).toEqual({ labels: ['meningioma'] });
    const state = await request(c.socket, { type: 'scan.get', scanId: scan });
    expect(state.ok && state.data.blinded).toBe(false);

    const ref = await adj(c.socket);
    if (!ref.ok) throw new Error(ref.error.message);
    expect(ref.data.annotation.annotation).toMatchObject({
      source: 'ADJUDICATION',
      action: 'ADJUDICATE',
      value: { labels: ['glioma'] },
    });
    // Adjudication is not a read.
    expect(ref.data.annotation.readCount).toBe(2);
    const ev = await a.inbox.waitFor(
      (m): m is AnnotationEvent => isAnnotation(scan)(m) && m.annotation?.source === 'ADJUDICATION',
    );
    expect(ev.annotation?.authorId).toBe(fx.clinician.id);
  });
});
