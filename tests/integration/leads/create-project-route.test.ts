import { describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { makeUser } from '../../helpers/fixtures';
import { routeCaller } from '../../helpers/route-caller';
import { routeTestDatabase } from '../../helpers/route-services';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const projects = await import('@/app/api/projects/route');
const call = routeCaller(session);

describe('creating a project in the browser', () => {
  const t = routeTestDatabase();

  const body = {
    name: 'Brain MRI',
    slug: 'brain-mri',
    modality: 'MR',
    task: 'MULTICLASS',
    labels: ['no tumour', 'glioma', 'meningioma', 'pituitary'],
    normalLabels: ['no tumour'],
  };

  it('a lead creates a project with its modality and becomes its lead, audited', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const res = await call(projects.POST, {}, lead, { method: 'POST', body });
    expect(res.body).toMatchObject({ ok: true, data: { slug: 'brain-mri', modality: 'MR' } });
    const project = await t.db.project.findUniqueOrThrow({ where: { slug: 'brain-mri' }, include: { members: true } });
    expect(project.members).toEqual([expect.objectContaining({ userId: lead.id, role: 'LEAD' })]);
    expect(await t.db.auditEvent.count({ where: { projectId: project.id, action: 'project.create' } })).toBe(1);
  });

  it('refuses annotators (403), a taken slug (409) and bad input with the field named (400)', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const annotator = await makeUser(t.db, 'ANNOTATOR');
    const denied = await call(projects.POST, {}, annotator, { method: 'POST', body: { ...body, slug: 'x-1' } });
    expect(denied.status).toBe(403);
    await call(projects.POST, {}, lead, { method: 'POST', body: { ...body, slug: 'taken' } });
    expect((await call(projects.POST, {}, lead, { method: 'POST', body: { ...body, slug: 'taken' } })).status).toBe(
      409,
    );
    const bad = await call(projects.POST, {}, lead, {
      method: 'POST',
      body: { ...body, slug: 'bad-modality', modality: 'XRAYS' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/modality/);
    const normal = await call(projects.POST, {}, lead, {
      method: 'POST',
      body: { ...body, slug: 'bad-normal', normalLabels: ['healthy'] },
    });
    expect(normal.body.error?.message).toMatch(/normalLabels/);
  });
});
