import { beforeAll, describe, expect, it } from 'vitest';
import { addMember, makeProject, makeScan } from '../../helpers/fixtures';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { join, request } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

const h = realtimeHarness();
let fx: Awaited<ReturnType<typeof realtimeProject>>;
let otherSlug: string;
let otherScanId: string;

beforeAll(async () => {
  fx = await realtimeProject(h.db, { readers: 2, scans: 2, blindMode: true });
  // The outsider is a member of another project, and joins that one.
  const other = await makeProject(h.db);
  await addMember(h.db, other.id, fx.outsider.email, 'ANNOTATOR');
  otherSlug = other.slug;
  otherScanId = (await makeScan(h.db, other.id)).id;
});

describe('every socket path checks the scan’s project', () => {
  it('refuses an outsider’s scan.open {resumeClaim: true} on another project’s scan, and stores no claim', async () => {
    const outsider = await h.socket(fx.outsider);
    await join(outsider, otherSlug);
    const res = await request(outsider, { type: 'scan.open', scanId: fx.scans[0].id, resumeClaim: true });
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.db.claim.count({ where: { scanId: fx.scans[0].id } })).toBe(0);
    // Its own project's scan opens.
    const own = await request(outsider, { type: 'scan.open', scanId: otherScanId, resumeClaim: true });
    expect(own.ok).toBe(true);
  });

  it('refuses scan.get and a label on another project’s scan', async () => {
    const outsider = await h.socket(fx.outsider);
    await join(outsider, otherSlug);
    const got = await request(outsider, { type: 'scan.get', scanId: fx.scans[0].id });
    expect(got).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const submitted = await request(outsider, {
      type: 'annotation.submit',
      idempotencyKey: 'outsider-label-1',
      scanId: fx.scans[0].id,
      supersedesId: null,
      intent: { kind: 'label', labels: ['glioma'] },
    });
    expect(submitted).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.db.annotation.count({ where: { scanId: fx.scans[0].id } })).toBe(0);
  });
});

describe('idempotency keys are bound to their author', () => {
  it('replaying another reader’s key on a blind scan is refused, not answered with their label', async () => {
    const [a, b] = fx.readers;
    const sa = await h.socket(a!);
    const sb = await h.socket(b!);
    await join(sa, fx.project.slug);
    await join(sb, fx.project.slug);
    const key = 'shared-key-0001';
    const scanId = fx.scans[1].id;
    const first = await request(sa, {
      type: 'annotation.submit',
      idempotencyKey: key,
      scanId,
      supersedesId: null,
      intent: { kind: 'label', labels: ['meningioma'] },
    });
    expect(first.ok).toBe(true);
    // b has not read the scan: in blind mode a's label is hidden from b.
    const opened = await request(sb, { type: 'scan.open', scanId, resumeClaim: false });
    expect(opened.ok && opened.data.rows).toEqual([]);
    const replay = await request(sb, {
      type: 'annotation.submit',
      idempotencyKey: key,
      scanId,
      supersedesId: null,
      intent: { kind: 'label', labels: ['glioma'] },
    });
    expect(replay).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(JSON.stringify(replay)).not.toContain('meningioma');
    // Its author's own replay still answers with the original row.
    const own = await request(sa, {
      type: 'annotation.submit',
      idempotencyKey: key,
      scanId,
      supersedesId: null,
      intent: { kind: 'label', labels: ['meningioma'] },
    });
    if (!own.ok || !first.ok) throw new Error('the author’s own replay failed');
    expect(own.data.annotation.annotation?.id).toBeDefined();
    expect(own.data.annotation.annotation?.id).toBe(first.data.annotation.annotation?.id);
  });
});
