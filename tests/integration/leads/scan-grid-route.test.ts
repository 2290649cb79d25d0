import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import type { ScanGridPage } from '@/lib/schemas/scan-grid';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { addMember, makeProject, makeScan, makeUser } from '../../helpers/fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const { GET } = await import('@/app/api/projects/[slug]/scans/grid/route');

describe('GET /api/projects/[slug]/scans/grid', () => {
  let t: TestDatabase;
  let sql: pg.Pool;
  let slug: string;
  let users: Record<'lead' | 'ann' | 'bob', Awaited<ReturnType<typeof makeUser>>>;
  let scans: Awaited<ReturnType<typeof makeScan>>[];

  beforeAll(async () => {
    t = await createTestDatabase();
    sql = new pg.Pool({ connectionString: t.url, max: 4 });
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
    users = {
      lead: await makeUser(t.db, 'LEAD'),
      ann: await makeUser(t.db, 'ANNOTATOR'),
      bob: await makeUser(t.db, 'ANNOTATOR'),
    };
    const project = await makeProject(t.db, { labels: ['normal', 'bleed'], task: 'BINARY' }, users.lead.id);
    slug = project.slug;
    await addMember(t.db, project.id, users.lead.email, 'LEAD');
    await addMember(t.db, project.id, users.ann.email, 'ANNOTATOR');
    await addMember(t.db, project.id, users.bob.email, 'ANNOTATOR');
    scans = [];
    for (let i = 0; i < 4; i++) scans.push(await makeScan(t.db, project.id));
    const read = async (who: 'ann' | 'bob', scan: number, label: string, supersedesId: string | null = null) =>
      (
        await submitAnnotation(t.db, sql, {
          projectId: project.id,
          user: { id: users[who].id, name: users[who].name, role: 'ANNOTATOR' },
          input: {
            idempotencyKey: `${who}-${scan}-${label}-${supersedesId ?? ''}`,
            scanId: scans[scan].id,
            supersedesId,
            intent: { kind: 'label', labels: [label] },
          },
        })
      ).event.annotation!;
    // scan 0: ann normal, bob bleed (disagree). scan 1: ann normal then corrected to bleed, bob bleed (agree).
    await read('ann', 0, 'normal');
    await read('bob', 0, 'bleed');
    const first = await read('ann', 1, 'normal');
    await submitAnnotation(t.db, sql, {
      projectId: project.id,
      user: { id: users.ann.id, name: users.ann.name, role: 'ANNOTATOR' },
      input: {
        idempotencyKey: 'ann-1-correct',
        scanId: scans[1].id,
        supersedesId: first.id,
        intent: { kind: 'label', labels: ['bleed'] },
      },
    });
    await read('bob', 1, 'bleed');
    await t.db.queueItem.createMany({
      data: [
        {
          projectId: project.id,
          scanId: scans[3].id,
          queue: 'REVIEW',
          rank: 1,
          strategy: 'entropy',
          score: 0.7,
          reason: 'r',
        },
        {
          projectId: project.id,
          scanId: scans[2].id,
          queue: 'REVIEW',
          rank: 2,
          strategy: 'entropy',
          score: 0.9,
          reason: 'r',
        },
        {
          projectId: project.id,
          scanId: scans[0].id,
          queue: 'ADJUDICATION',
          rank: 1,
          strategy: 'entropy',
          reason: 'tie',
        },
      ],
    });
  });
  afterAll(async () => {
    await sql?.end();
    await t?.drop();
  });

  async function grid(as: keyof typeof users, query = '') {
    const u = users[as];
    session.user = { id: u.id, email: u.email, name: u.name, role: u.role };
    const res = await GET(new Request(`http://test.local/api/projects/${slug}/scans/grid?${query}`), {
      params: Promise.resolve({ slug }),
    });
    return { status: res.status, body: (await res.json()) as { data: ScanGridPage; error?: { message: string } } };
  }
  const idx = (page: ScanGridPage) => page.items.map((i) => scans.findIndex((s) => s.id === i.id));

  it('answers every scan with its rank, uncertainty, reads and queues, in queue order', async () => {
    const { status, body } = await grid('lead');
    expect(status).toBe(200);
    expect(body.data.total).toBe(4);
    expect(idx(body.data)).toEqual([3, 2, 0, 1]);
    const [s3, s2, s0, s1] = body.data.items;
    expect([s3.rank, s3.uncertainty, s2.rank, s2.uncertainty]).toEqual([1, 0.7, 2, 0.9]);
    expect(s0).toMatchObject({
      readCount: 2,
      disagreement: true,
      queues: ['ADJUDICATION'],
      labels: ['bleed', 'normal'],
    });
    expect(s1).toMatchObject({ readCount: 2, disagreement: false, labels: ['bleed'] }); // the correction replaced "normal"
  });

  it('filters, searches and sorts in the database’s answer', async () => {
    expect(idx((await grid('lead', 'filter=disagreement')).body.data)).toEqual([0]);
    expect(idx((await grid('lead', 'filter=needs-adjudication')).body.data)).toEqual([0]);
    expect(idx((await grid('lead', 'sort=uncertainty')).body.data).slice(0, 2)).toEqual([2, 3]);
    expect(idx((await grid('ann', 'filter=needs-my-read&sort=name')).body.data)).toEqual([2, 3]);
    expect(idx((await grid('lead', 'label=bleed&sort=name')).body.data)).toEqual([0, 1]);
    const name = scans[2].originalName;
    expect(idx((await grid('lead', `q=${name.toUpperCase()}`)).body.data)).toEqual([2]);
  });

  it('keeps blind mode: an annotator sees only their own read and finds nothing by others’ labels', async () => {
    const { body } = await grid('ann', 'sort=name');
    expect(body.data.items.find((i) => i.id === scans[0].id)).toMatchObject({ mine: ['normal'] });
    const newcomer = await makeUser(t.db, 'ANNOTATOR');
    const project = await t.db.project.findUniqueOrThrow({ where: { slug } });
    await addMember(t.db, project.id, newcomer.email, 'ANNOTATOR');
    users.bob = newcomer; // a reader who has read nothing
    const blind = await grid('bob', 'label=bleed');
    expect(blind.body.data.total).toBe(0);
    expect((await grid('bob', 'filter=disagreement')).body.data.total).toBe(0);
  });

  it('refuses bad input with 400 and a reason', async () => {
    const bad = await grid('lead', 'sort=size');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/sort/);
    expect((await grid('lead', 'limit=0')).status).toBe(400);
  });
});
