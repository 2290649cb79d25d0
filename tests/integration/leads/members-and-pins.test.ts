import { describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';
import { routeCaller } from '../../helpers/route-caller';
import { routeTestDatabase } from '../../helpers/route-services';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const members = await import('@/app/api/projects/[slug]/members/route');
const member = await import('@/app/api/projects/[slug]/members/[userId]/route');
const pin = await import('@/app/api/projects/[slug]/model-versions/[versionId]/pin/route');
const call = routeCaller(session);

describe('a lead manages members and pins versions from the browser', () => {
  const t = routeTestDatabase();

  async function setup() {
    const lead = await makeUser(t.db, 'LEAD');
    const annotator = await makeUser(t.db, 'ANNOTATOR');
    const newcomer = await makeUser(t.db, 'ANNOTATOR');
    const project = await makeProject(t.db, {}, lead.id);
    await addMember(t.db, project.id, lead.email, 'LEAD');
    await addMember(t.db, project.id, annotator.email, 'ANNOTATOR');
    return { lead, annotator, newcomer, project, slug: project.slug };
  }

  const audit = (projectId: string, action: string) =>
    t.db.auditEvent.findMany({ where: { projectId, action }, orderBy: { createdAt: 'asc' } });

  it('adds, promotes and removes a member, auditing each change', async () => {
    const { lead, newcomer, project, slug } = await setup();
    const added = await call(members.POST, { slug }, lead, {
      method: 'POST',
      body: { email: newcomer.email, role: 'ANNOTATOR' },
    });
    expect(added.status).toBe(200);
    const changed = await call(member.PATCH, { slug, userId: newcomer.id }, lead, {
      method: 'PATCH',
      body: { role: 'CLINICIAN' },
    });
    expect(changed).toMatchObject({ status: 200, body: { ok: true, data: { role: 'CLINICIAN' } } });
    const removed = await call(member.DELETE, { slug, userId: newcomer.id }, lead, { method: 'DELETE' });
    expect(removed.status).toBe(200);
    expect(
      await t.db.projectMember.findUnique({
        where: { projectId_userId: { projectId: project.id, userId: newcomer.id } },
      }),
    ).toBeNull();
    expect((await audit(project.id, 'project.member_role_changed'))[0]).toMatchObject({
      actorId: lead.id,
      subject: newcomer.id,
      details: { from: 'ANNOTATOR', to: 'CLINICIAN' },
    });
    expect(await audit(project.id, 'project.member_removed')).toHaveLength(1);
  });

  it('refuses annotators with 403 and a reason, and keeps the last lead', async () => {
    const { lead, annotator, newcomer, project, slug } = await setup();
    for (const attempt of [
      call(members.POST, { slug }, annotator, { method: 'POST', body: { email: newcomer.email, role: 'LEAD' } }),
      call(member.PATCH, { slug, userId: annotator.id }, annotator, { method: 'PATCH', body: { role: 'LEAD' } }),
      call(member.DELETE, { slug, userId: lead.id }, annotator, { method: 'DELETE' }),
    ]) {
      const res = await attempt;
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toMatch(/LEAD/);
    }
    const grant = await call(member.PATCH, { slug, userId: annotator.id }, lead, {
      method: 'PATCH',
      body: { role: 'ADMIN' },
    });
    expect(grant.status).toBe(403);
    expect(grant.body.error?.message).toMatch(/admin/i);
    const last = await call(member.DELETE, { slug, userId: lead.id }, lead, { method: 'DELETE' });
    expect(last.status).toBe(409);
    const demote = await call(member.PATCH, { slug, userId: lead.id }, lead, {
      method: 'PATCH',
      body: { role: 'ANNOTATOR' },
    });
    expect(demote.status).toBe(409);
    const missing = await call(member.DELETE, { slug, userId: newcomer.id }, lead, { method: 'DELETE' });
    expect(missing.status).toBe(404);
    const bad = await call(member.PATCH, { slug, userId: annotator.id }, lead, {
      method: 'PATCH',
      body: { role: 'BOSS' },
    });
    expect(bad.status).toBe(400);
    expect(await t.db.projectMember.count({ where: { projectId: project.id } })).toBe(2);
  });

  it('pins a version as its kind’s active model and unpins it, audited; annotators may not', async () => {
    const { lead, annotator, project, slug } = await setup();
    const base = { projectId: project.id, kind: 'CNN' as const, backend: 'wasm', hyperParams: {}, labelCount: 10 };
    const v1 = await t.db.modelVersion.create({ data: { ...base, version: 1, state: 'READY' } });
    const v2 = await t.db.modelVersion.create({ data: { ...base, version: 2, state: 'READY', active: true } });
    const other = await t.db.modelVersion.create({
      data: { ...base, kind: 'RESNET', version: 1, state: 'READY', active: true },
    });
    expect((await call(pin.POST, { slug, versionId: v1.id }, annotator, { method: 'POST' })).status).toBe(403);
    const pinned = await call(pin.POST, { slug, versionId: v1.id }, lead, { method: 'POST' });
    expect(pinned.body).toMatchObject({ ok: true, data: { id: v1.id, active: true, pinned: true } });
    const after = await t.db.modelVersion.findMany({ where: { projectId: project.id }, orderBy: { createdAt: 'asc' } });
    expect(after.map((v) => [v.id, v.active, v.pinned])).toEqual([
      [v1.id, true, true],
      [v2.id, false, false],
      [other.id, true, false],
    ]);
    const unpinned = await call(pin.DELETE, { slug, versionId: v1.id }, lead, { method: 'DELETE' });
    expect(unpinned.body).toMatchObject({ ok: true, data: { active: true, pinned: false } });
    expect((await audit(project.id, 'model.pinned')).map((e) => e.subject)).toEqual([v1.id]);
    expect((await audit(project.id, 'model.unpinned')).map((e) => e.subject)).toEqual([v1.id]);
    expect((await call(pin.POST, { slug, versionId: 'nope' }, lead, { method: 'POST' })).status).toBe(404);
  });
});
