import { describe, expect, it } from 'vitest';
import type { ClientSocket } from '@/components/labeling/socket-transport';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { request } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

const h = realtimeHarness();
const READERS = 50;

describe('independent reads of one scan', () => {
  it(`${READERS} readers submitting a first read of the same scan at once are all written, none STALE`, async () => {
    const fx = await realtimeProject(h.db, { blindMode: true, readsPerScan: 3, readers: READERS, scans: 1 });
    const scanId = fx.scans[0].id;
    const sockets: ClientSocket[] = [];
    for (const reader of fx.readers) sockets.push((await h.joined(reader, fx.project.slug)).socket);
    // Every reader's view is loaded (its rows cached by the server) before anyone submits.
    await Promise.all(sockets.map((s) => request(s, { type: 'scan.open', scanId, resumeClaim: false })));

    const answers = await Promise.all(
      sockets.map((s, i) =>
        request(s, {
          type: 'annotation.submit',
          idempotencyKey: `independent-${i}-xxxx`,
          scanId,
          supersedesId: null,
          intent: { kind: 'label', labels: [i % 2 ? 'glioma' : 'normal'] },
        }),
      ),
    );
    const refused = answers.filter((a) => !a.ok);
    expect(refused).toEqual([]);

    const rows = await h.db.annotation.findMany({ where: { scanId }, orderBy: { seq: 'asc' } });
    expect(rows).toHaveLength(READERS);
    expect(new Set(rows.map((r) => r.authorId)).size).toBe(READERS);
    // Each ack's read count is the scan's as of that row, although other reads landed in between.
    const counts = answers.map((a) => (a.ok ? [a.data.annotation.seq, a.data.annotation.readCount] : null));
    const bySeq = new Map(rows.map((r, i) => [Number(r.seq), i + 1]));
    for (const c of counts) expect(c && c[1]).toBe(c && bySeq.get(c[0]));
    // Blind mode: each author's revealed state has every read up to their own.
    for (const a of answers) {
      if (!a.ok) continue;
      const revealed = a.data.revealed;
      expect(revealed).not.toBeNull();
      expect(revealed!.rows).toHaveLength(a.data.annotation.readCount);
      expect(revealed!.blinded).toBe(false);
    }
  }, 120_000);

  it('a second read of the same chain planned on the same basis is still refused (STALE)', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false, scans: 1 });
    const scanId = fx.scans[0].id;
    const a = await h.joined(fx.readers[0], fx.project.slug);
    const base = { type: 'annotation.submit' as const, scanId, supersedesId: null };
    const [x, y] = await Promise.all([
      request(a.socket, { ...base, idempotencyKey: 'same-chain-1-xx', intent: { kind: 'label', labels: ['glioma'] } }),
      request(a.socket, { ...base, idempotencyKey: 'same-chain-2-xx', intent: { kind: 'label', labels: ['normal'] } }),
    ]);
    expect([x.ok, y.ok].sort()).toEqual([false, true]);
    const refused = x.ok ? y : x;
    expect(refused).toMatchObject({ ok: false, error: { code: 'STALE' } });
    expect(await h.db.annotation.count({ where: { scanId } })).toBe(1);
  });
});
