import { describe, expect, it } from 'vitest';
import { claimNextScan } from '@/server/use-cases/claim-next-scan';
import { listSeriesSlices } from '@/server/use-cases/list-series-slices';
import { peekNextScans } from '@/server/use-cases/peek-next-scans';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { realtimeProject } from '../../helpers/realtime-fixtures';

const h = realtimeHarness();

describe('reading ahead', () => {
  it('peeks the scans Next would serve, in the order it serves them, without claiming any', async () => {
    const fx = await realtimeProject(h.db, { readers: 1, scans: 5, readsPerScan: 1, blindMode: false });
    const [s0, , s2] = fx.scans;
    await h.db.queueItem.createMany({
      data: [
        { projectId: fx.project.id, scanId: s2.id, rank: 0, strategy: 'entropy', reason: 'test' },
        { projectId: fx.project.id, scanId: s0.id, rank: 1, strategy: 'entropy', reason: 'test' },
      ],
    });
    const args = { projectId: fx.project.id, userId: fx.readers[0].id };
    const peeked = await peekNextScans(h.db, { ...args, count: 3 });
    expect(peeked.scanIds.slice(0, 2)).toEqual([s2.id, s0.id]);
    expect(await h.db.claim.count({ where: { projectId: fx.project.id } })).toBe(0);
    // Each Next serves the head of the previous peek, and its own claim leaves the next peek.
    for (let i = 0; i < 3; i++) {
      const before = await peekNextScans(h.db, { ...args, count: 2 });
      const claim = await claimNextScan(h.db, args);
      expect(claim?.scanId).toBe(before.scanIds[0]);
      expect((await peekNextScans(h.db, { ...args, count: 2 })).scanIds).not.toContain(claim?.scanId);
    }
    expect((await peekNextScans(h.db, { ...args, count: 0 })).scanIds).toEqual([]);
  });

  it('lists a scan’s series in InstanceNumber order and where the asked scan sits; no series is a stack of one', async () => {
    const fx = await realtimeProject(h.db, { readers: 0, scans: 4, readsPerScan: 1 });
    const [a, b, c, alone] = fx.scans;
    for (const [scan, instance] of [
      [a, 3],
      [b, 1],
      [c, 2],
    ] as const)
      await h.db.scan.update({
        where: { id: scan.id },
        data: { seriesKey: '1.2.3', dicomMeta: { InstanceNumber: instance } },
      });
    const stack = await listSeriesSlices(h.db, { projectId: fx.project.id, scanId: c.id });
    expect(stack.slices.map((s) => s.scanId)).toEqual([b.id, c.id, a.id]);
    expect(stack.askedIndex).toBe(1);
    const single = await listSeriesSlices(h.db, { projectId: fx.project.id, scanId: alone.id });
    expect(single).toEqual({ slices: [{ scanId: alone.id, title: expect.any(String) }], askedIndex: 0 });
    await expect(listSeriesSlices(h.db, { projectId: fx.project.id, scanId: 'nope' })).rejects.toThrow(/No such scan/);
  });
});
