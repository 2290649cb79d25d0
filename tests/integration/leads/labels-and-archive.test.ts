import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { loadConfig } from '@/server/config';
import { createLogger } from '@/server/logger';
import { setServices } from '@/server/services';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { addMember, makeProject, makeScan, makeUser } from '../../helpers/fixtures';
import { routeCaller } from '../../helpers/route-caller';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const labelsRoute = await import('@/app/api/projects/[slug]/labels/route');
const archiveRoute = await import('@/app/api/projects/[slug]/archive/route');
const settingsRoute = await import('@/app/api/projects/[slug]/route');
const projectsRoute = await import('@/app/api/projects/route');
const call = routeCaller(session);

describe('a lead edits the labels and archives the project; an admin restores it', () => {
  let t: TestDatabase;
  let sql: pg.Pool;
  beforeAll(async () => {
    t = await createTestDatabase();
    sql = new pg.Pool({ connectionString: t.url, max: 4 });
    setServices({
      config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: t.url }),
      db: t.db,
      log: createLogger('silent'),
    });
  });
  afterAll(async () => {
    await sql?.end();
    await t?.drop();
  });

  async function setup() {
    const lead = await makeUser(t.db, 'LEAD');
    const annotator = await makeUser(t.db, 'ANNOTATOR');
    const admin = await makeUser(t.db, 'ADMIN');
    const project = await makeProject(t.db, { labels: ['normal', 'bleed', 'tumour'] }, lead.id);
    await addMember(t.db, project.id, lead.email, 'LEAD');
    await addMember(t.db, project.id, annotator.email, 'ANNOTATOR');
    return { lead, annotator, admin, project, slug: project.slug };
  }

  const read = (projectId: string, user: { id: string; name: string }, scanId: string, label: string, key: string) =>
    submitAnnotation(t.db, sql, {
      projectId,
      user: { id: user.id, name: user.name, role: 'ANNOTATOR' },
      input: { idempotencyKey: key, scanId, supersedesId: null, intent: { kind: 'label', labels: [label] } },
    });

  it('adds a label at the end and retires one: old reads keep it, new reads cannot choose it; audited', async () => {
    const { lead, annotator, project, slug } = await setup();
    const [s1, s2] = [await makeScan(t.db, project.id), await makeScan(t.db, project.id)];
    await read(project.id, annotator, s1.id, 'tumour', 'old-read');

    const added = await call(labelsRoute.PATCH, { slug }, lead, { method: 'PATCH', body: { add: ['infarct'] } });
    expect(added).toMatchObject({ status: 200, body: { data: { labels: ['normal', 'bleed', 'tumour', 'infarct'] } } });
    const retired = await call(labelsRoute.PATCH, { slug }, lead, { method: 'PATCH', body: { retire: ['tumour'] } });
    expect(retired).toMatchObject({ status: 200, body: { data: { retiredLabels: ['tumour'] } } });

    await expect(read(project.id, annotator, s2.id, 'tumour', 'new-read')).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/retired label/),
    });
    await expect(read(project.id, annotator, s2.id, 'infarct', 'new-read-2')).resolves.toBeTruthy();
    const old = await t.db.annotation.findFirstOrThrow({ where: { scanId: s1.id } });
    expect(old.value).toEqual({ labels: ['tumour'] });

    const restored = await call(labelsRoute.PATCH, { slug }, lead, { method: 'PATCH', body: { restore: ['tumour'] } });
    expect(restored).toMatchObject({ status: 200, body: { data: { retiredLabels: [] } } });
    const s3 = await makeScan(t.db, project.id);
    await expect(read(project.id, annotator, s3.id, 'tumour', 'after-restore')).resolves.toBeTruthy();

    const audit = await t.db.auditEvent.findMany({
      where: { projectId: project.id, action: 'project.labels_changed' },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.details)).toMatchObject([
      { added: ['infarct'], retired: [], restored: [] },
      { added: [], retired: ['tumour'], restored: [] },
      { added: [], retired: [], restored: ['tumour'] },
    ]);
    expect(audit.every((a) => a.actorId === lead.id)).toBe(true);
  });

  it('refuses annotators with 403 and a reason, and bad edits with 400 and a reason', async () => {
    const { lead, annotator, slug } = await setup();
    const refused = await call(labelsRoute.PATCH, { slug }, annotator, { method: 'PATCH', body: { add: ['x'] } });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toMatch(/LEAD role/);
    const archive = await call(archiveRoute.PUT, { slug }, annotator, { method: 'PUT', body: { archived: true } });
    expect(archive.status).toBe(403);
    expect(archive.body.error?.message).toMatch(/LEAD role/);

    const cases: [unknown, RegExp][] = [
      [{ add: ['bleed'] }, /Already in the label set: bleed/],
      [{ retire: ['nope'] }, /Unknown label "nope"/],
      [{ retire: ['normal', 'bleed'] }, /at least two labels/],
      [{ retire: ['bleed'], restore: ['bleed'] }, /not both/],
      [{}, /at least one label/],
      [{ rename: ['x'] }, /Unrecognized key/i],
    ];
    for (const [body, reason] of cases) {
      const res = await call(labelsRoute.PATCH, { slug }, lead, { method: 'PATCH', body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error?.message).toMatch(reason);
    }
  });

  it('archives: hidden from lists, read-only, restored only by an admin; audited', async () => {
    const { lead, annotator, admin, project, slug } = await setup();
    const scan = await makeScan(t.db, project.id);
    const archived = await call(archiveRoute.PUT, { slug }, lead, { method: 'PUT', body: { archived: true } });
    expect(archived.status).toBe(200);

    const listed = await call(projectsRoute.GET, {}, lead);
    expect((listed.body.data as { slug: string }[]).map((p) => p.slug)).not.toContain(slug);
    const withArchived = await projectsRoute.GET(new Request('http://test.local/api/projects?archived=1'), {
      params: Promise.resolve({}),
    });
    const all = (await withArchived.json()) as { data: { slug: string; archivedAt: string | null }[] };
    expect(all.data.find((p) => p.slug === slug)?.archivedAt).toBeTruthy();

    const write = await call(settingsRoute.PATCH, { slug }, lead, { method: 'PATCH', body: { retrainThreshold: 9 } });
    expect(write.status).toBe(409);
    expect(write.body.error?.message).toMatch(/archived/);
    const labels = await call(labelsRoute.PATCH, { slug }, lead, { method: 'PATCH', body: { add: ['x'] } });
    expect(labels.status).toBe(409);
    await expect(read(project.id, annotator, scan.id, 'bleed', 'while-archived')).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/archived/),
    });

    const leadRestore = await call(archiveRoute.PUT, { slug }, lead, { method: 'PUT', body: { archived: false } });
    expect(leadRestore.status).toBe(403);
    expect(leadRestore.body.error?.message).toMatch(/Only an admin/);
    const adminRestore = await call(archiveRoute.PUT, { slug }, admin, { method: 'PUT', body: { archived: false } });
    expect(adminRestore).toMatchObject({ status: 200, body: { data: { archivedAt: null } } });
    await expect(read(project.id, annotator, scan.id, 'bleed', 'after-restore')).resolves.toBeTruthy();

    const audit = await t.db.auditEvent.findMany({
      where: { projectId: project.id, action: { in: ['project.archived', 'project.restored'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['project.archived', lead.id],
      ['project.restored', admin.id],
    ]);
  });
});
