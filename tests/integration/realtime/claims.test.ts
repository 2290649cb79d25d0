import { describe, expect, it } from 'vitest';
import { claimNextScan } from '@/server/use-cases/claim-next-scan';
import { sweepExpiredClaims } from '@/server/use-cases/sweep-expired-claims';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { eventually, join, request, sleep } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';
import { addMember, makeUser } from '../../helpers/fixtures';

const h = realtimeHarness();
const joined = async (user: Parameters<typeof h.socket>[0], slug: string) => (await h.joined(user!, slug)).socket;

describe('Next (claims)', () => {
  it('never hands one scan to two annotators under concurrent presses', async () => {
    const fx = await realtimeProject(h.db, { readers: 0, scans: 6, readsPerScan: 1 });
    const readers = [];
    for (let i = 0; i < 10; i++) {
      const u = await makeUser(h.db, 'ANNOTATOR');
      await addMember(h.db, fx.project.id, u.email, 'ANNOTATOR');
      readers.push(await joined({ id: u.id, email: u.email, name: u.name, role: 'ANNOTATOR' }, fx.project.slug));
    }
    const results = await Promise.all(readers.map((s) => request(s, { type: 'claim.next' })));
    const claimed = results.map((r) => (r.ok ? (r.data?.scanId ?? null) : `error:${r.error.code}`));
    const scans = claimed.filter((c): c is string => c !== null);
    expect(scans.every((c) => !c.startsWith('error'))).toBe(true);
    expect(scans).toHaveLength(6);
    expect(new Set(scans).size).toBe(6);
    expect(await h.db.claim.count({ where: { projectId: fx.project.id, state: 'ACTIVE' } })).toBe(6);
  });

  it('follows the review queue by rank, skips what the user has read and scans already fully read', async () => {
    const fx = await realtimeProject(h.db, { readers: 3, scans: 4, readsPerScan: 1, blindMode: false });
    const [s0, s1, s2, s3] = fx.scans;
    await h.db.queueItem.createMany({
      data: [
        { projectId: fx.project.id, scanId: s2.id, rank: 0, strategy: 'entropy', reason: 'test' },
        { projectId: fx.project.id, scanId: s0.id, rank: 1, strategy: 'entropy', reason: 'test' },
        { projectId: fx.project.id, scanId: s1.id, rank: 2, strategy: 'entropy', reason: 'test' },
      ],
    });
    const a = await joined(fx.readers[0], fx.project.slug);
    const first = await request(a, { type: 'claim.next' });
    expect(first.ok && first.data?.scanId).toBe(s2.id);
    // Labelling completes the claim; the scan now has its one read.
    await request(a, {
      type: 'annotation.submit',
      idempotencyKey: 'claims-label-1',
      scanId: s2.id,
      supersedesId: null,
      intent: { kind: 'label', labels: ['normal'] },
    });
    expect(await h.db.claim.findFirst({ where: { scanId: s2.id } })).toMatchObject({ state: 'COMPLETED' });
    const b = await joined(fx.readers[1], fx.project.slug);
    const second = await request(b, { type: 'claim.next' });
    expect(second.ok && second.data?.scanId).toBe(s0.id);
    const next = await request(a, { type: 'claim.next' });
    expect(next.ok && next.data?.scanId).toBe(s1.id);
    // The queue is exhausted for reader 2: fall back to the least recently served scan.
    const c = await joined(fx.readers[2], fx.project.slug);
    const fallback = await request(c, { type: 'claim.next' });
    expect(fallback.ok && fallback.data?.scanId).toBe(s3.id);
    // Pressing Next again skips a scan, but it is the only one left for this reader.
    const again = await request(c, { type: 'claim.next' });
    expect(again.ok && again.data?.scanId).toBe(s3.id);
    await request(c, {
      type: 'annotation.submit',
      idempotencyKey: 'claims-label-2',
      scanId: s3.id,
      supersedesId: null,
      intent: { kind: 'label', labels: ['normal'] },
    });
    const none = await request(c, { type: 'claim.next' });
    expect(none.ok && none.data).toBeNull();
  });

  it('Next without labelling passes over the scan: it comes back only after every other scan, oldest pass first', async () => {
    const fx = await realtimeProject(h.db, { readers: 1, scans: 3 });
    await h.db.queueItem.createMany({
      data: fx.scans.map((s, rank) => ({
        projectId: fx.project.id,
        scanId: s.id,
        rank,
        strategy: 'entropy',
        reason: 'test',
      })),
    });
    const a = await joined(fx.readers[0], fx.project.slug);
    const seen = [];
    for (let i = 0; i < 5; i++) {
      const r = await request(a, { type: 'claim.next' });
      seen.push(r.ok ? r.data?.scanId : null);
    }
    const [s0, s1, s2] = fx.scans.map((s) => s.id);
    expect(seen).toEqual([s0, s1, s2, s0, s1]);
    // Passes are the reader's own: another reader is served by rank as usual.
    const other = await makeUser(h.db, 'ANNOTATOR');
    await addMember(h.db, fx.project.id, other.email, 'ANNOTATOR');
    const b = await joined({ id: other.id, email: other.email, name: other.name, role: 'ANNOTATOR' }, fx.project.slug);
    const theirs = await request(b, { type: 'claim.next' });
    expect(theirs.ok && theirs.data?.scanId).toBe(s0);
    expect(await h.db.scanSkip.count({ where: { userId: fx.readers[0].id } })).toBe(3);
  });

  it('releases a claim on leave and on disconnect; a new Next releases the previous claim', async () => {
    const fx = await realtimeProject(h.db, { readers: 1, scans: 3 });
    const a = await joined(fx.readers[0], fx.project.slug);
    const c1 = await request(a, { type: 'claim.next' });
    const c2 = await request(a, { type: 'claim.next' });
    if (!c1.ok || !c2.ok || !c1.data || !c2.data) throw new Error('no claim');
    expect(await h.db.claim.findUnique({ where: { id: c1.data.claimId } })).toMatchObject({ state: 'RELEASED' });
    await request(a, { type: 'leave' });
    expect(await h.db.claim.findUnique({ where: { id: c2.data.claimId } })).toMatchObject({ state: 'RELEASED' });

    await join(a, fx.project.slug);
    const c3 = await request(a, { type: 'claim.next' });
    if (!c3.ok || !c3.data) throw new Error('no claim');
    a.disconnect();
    const claimId = c3.data.claimId;
    await eventually(
      async () => (await h.db.claim.findUnique({ where: { id: claimId } }))?.state === 'RELEASED',
      5_000,
      'release on disconnect',
    );
    const ended = await h.db.claim.findUnique({ where: { id: claimId } });
    expect(ended?.endedAt).not.toBeNull();
  });

  it('a reconnecting client resumes its claim with a new claim row, if nobody took the scan', async () => {
    const fx = await realtimeProject(h.db, { readers: 2, scans: 1 });
    const a = await joined(fx.readers[0], fx.project.slug);
    const claim = await request(a, { type: 'claim.next' });
    if (!claim.ok || !claim.data) throw new Error('no claim');
    const a2 = await joined(fx.readers[0], fx.project.slug);
    const resumed = await request(a2, { type: 'scan.open', scanId: claim.data.scanId, resumeClaim: true });
    expect(resumed.ok && resumed.data.claim?.userId).toBe(fx.readers[0].id);
    expect(resumed.ok && resumed.data.claim?.claimId).not.toBe(claim.data.claimId);
    // The old connection leaving later does not release the resumed claim.
    a.disconnect();
    await sleep(300);
    expect(await h.db.claim.count({ where: { scanId: claim.data.scanId, state: 'ACTIVE' } })).toBe(1);
    const b = await joined(fx.readers[1], fx.project.slug);
    const taken = await request(b, { type: 'scan.open', scanId: claim.data.scanId, resumeClaim: true });
    expect(taken.ok && taken.data.claim?.userId).toBe(fx.readers[0].id);
  });

  it('claims expire after the project timeout and are swept', async () => {
    const fx = await realtimeProject(h.db, { readers: 2, scans: 1 });
    await h.db.project.update({ where: { id: fx.project.id }, data: { claimTimeoutSeconds: 1 } });
    const first = await claimNextScan(h.db, { projectId: fx.project.id, userId: fx.readers[0].id });
    expect(first).not.toBeNull();
    expect(await claimNextScan(h.db, { projectId: fx.project.id, userId: fx.readers[1].id })).toBeNull();
    await new Promise((r) => setTimeout(r, 1_100));
    const second = await claimNextScan(h.db, { projectId: fx.project.id, userId: fx.readers[1].id });
    expect(second?.scanId).toBe(first?.scanId);
    expect(await h.db.claim.findUnique({ where: { id: first!.claimId } })).toMatchObject({ state: 'EXPIRED' });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await sweepExpiredClaims(h.db)).toBeGreaterThanOrEqual(1);
    expect(await h.db.claim.findUnique({ where: { id: second!.claimId } })).toMatchObject({ state: 'EXPIRED' });
  });
});
