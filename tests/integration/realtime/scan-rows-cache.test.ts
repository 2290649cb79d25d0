import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { realtimeHarness } from '../../helpers/realtime-harness';
import { request } from '../../helpers/realtime-client';
import { realtimeProject } from '../../helpers/realtime-fixtures';

/**
 * The server plans a submit against its cached copy of the scan's rows (filled by
 * scan.open and by its own writes). These rows are written behind its back (another
 * writer, as another app server or an import would), so the copy is stale: the write must
 * refuse the cached plan and the submit plan again on a fresh read.
 */
const h = realtimeHarness();
let n = 0;
const key = () => `cache-key-${++n}-${Date.now()}`;

function behindTheServersBack() {
  const sql = new pg.Pool({ connectionString: h.databaseUrl, max: 2 });
  h.onCleanup(() => void sql.end());
  return (projectId: string, user: SessionUser, scanId: string, labels: string[], supersedesId: string | null = null) =>
    submitAnnotation(h.db, sql, {
      projectId,
      user: { id: user.id, name: user.name, role: 'ANNOTATOR' },
      input: { idempotencyKey: key(), scanId, supersedesId, intent: { kind: 'label', labels } },
    });
}

describe("a submit planned on the server's cached rows", () => {
  it('sees a row written elsewhere after the scan was opened: the ack counts it, and nothing is lost', async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const write = behindTheServersBack();
    const a = await h.joined(fx.readers[0], fx.project.slug);
    const scan = fx.scans[0].id;
    const opened = await request(a.socket, { type: 'scan.open', scanId: scan, resumeClaim: false });
    expect(opened.ok && opened.data.readCount).toBe(0);
    await write(fx.project.id, fx.readers[1], scan, ['glioma']);

    const ack = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label', labels: ['normal'] },
    });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    // Planned on the opened (empty) copy alone, the ack would say one read.
    expect(ack.data.annotation.readCount).toBe(2);
    const rows = await h.db.annotation.findMany({ where: { scanId: scan }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.authorId)).toEqual([fx.readers[1].id, fx.readers[0].id]);
  });

  it("accepts an edit of the reader's own row that the server has not seen", async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const write = behindTheServersBack();
    const a = await h.joined(fx.readers[0], fx.project.slug);
    const scan = fx.scans[1].id;
    await request(a.socket, { type: 'scan.open', scanId: scan, resumeClaim: false });
    const mine = await write(fx.project.id, fx.readers[0], scan, ['glioma']);

    const edit = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: mine.event.annotation!.id,
      intent: { kind: 'label', labels: ['normal'] },
    });
    expect(edit).toMatchObject({
      ok: true,
      data: { annotation: { annotation: { supersedesId: mine.event.annotation!.id, value: { labels: ['normal'] } } } },
    });
    // The server's copy now holds both: an edit of the superseded row is stale.
    const stale = await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: mine.event.annotation!.id,
      intent: { kind: 'label', labels: ['meningioma'] },
    });
    expect(stale).toMatchObject({ ok: false, error: { code: 'STALE' } });
    expect(await h.db.annotation.count({ where: { scanId: scan } })).toBe(2);
  });

  it("never serves one project's cached scan to a member of another", async () => {
    const fx = await realtimeProject(h.db, { blindMode: false });
    const other = await realtimeProject(h.db, { blindMode: false });
    const a = await h.joined(fx.readers[0], fx.project.slug);
    const scan = fx.scans[2].id;
    await request(a.socket, { type: 'scan.open', scanId: scan, resumeClaim: false });
    await request(a.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label', labels: ['glioma'] },
    });
    const intruder = await h.joined(other.readers[0], other.project.slug);
    const refused = await request(intruder.socket, {
      type: 'annotation.submit',
      idempotencyKey: key(),
      scanId: scan,
      supersedesId: null,
      intent: { kind: 'label', labels: ['normal'] },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await h.db.annotation.count({ where: { scanId: scan } })).toBe(1);
  });
});
