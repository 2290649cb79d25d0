import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endUserSessions } from '@/server/use-cases/end-user-sessions';
import { resolveSessionUser } from '@/server/use-cases/resolve-session-user';
import { addProjectMember } from '@/server/use-cases/add-project-member';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { addMember, makeProject, makeUser } from '../../helpers/fixtures';

describe('sessions and who may grant what', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('a session counts until its user signs out everywhere or is disabled', async () => {
    const user = await makeUser(t.db, 'CLINICIAN');
    await expect(resolveSessionUser(t.db, { id: user.id, sessionVersion: 0 })).resolves.toMatchObject({
      id: user.id,
      role: 'CLINICIAN',
    });
    await endUserSessions(t.db, { userId: user.id, actorId: user.id });
    await expect(resolveSessionUser(t.db, { id: user.id, sessionVersion: 0 })).resolves.toBeNull();
    await expect(resolveSessionUser(t.db, { id: user.id, sessionVersion: 1 })).resolves.toMatchObject({ id: user.id });
    await t.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    await expect(resolveSessionUser(t.db, { id: user.id, sessionVersion: 1 })).resolves.toBeNull();
    await expect(resolveSessionUser(t.db, { id: 'no-such-user', sessionVersion: 0 })).resolves.toBeNull();
  });

  it('reads the role fresh: a changed global role applies to the next request', async () => {
    const user = await makeUser(t.db, 'ADMIN');
    await t.db.user.update({ where: { id: user.id }, data: { role: 'ANNOTATOR' } });
    await expect(resolveSessionUser(t.db, { id: user.id, sessionVersion: 0 })).resolves.toMatchObject({
      role: 'ANNOTATOR',
    });
  });

  it('a lead cannot grant ADMIN, nor change the global admin’s membership; an admin can', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const admin = await makeUser(t.db, 'ADMIN');
    const annotator = await makeUser(t.db, 'ANNOTATOR');
    const project = await makeProject(t.db, {}, lead.id);
    await addMember(t.db, project.id, admin.email, 'LEAD');
    const asLead = { id: lead.id, role: 'LEAD' as const };
    await expect(
      addProjectMember(t.db, { projectId: project.id, email: annotator.email, role: 'ADMIN' }, asLead),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Only an admin may give the ADMIN role.' });
    await expect(
      addProjectMember(t.db, { projectId: project.id, email: admin.email, role: 'ANNOTATOR' }, asLead),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const rows = await t.db.projectMember.findMany({ where: { projectId: project.id } });
    expect(rows.find((r) => r.userId === admin.id)?.role).toBe('LEAD');
    expect(rows.find((r) => r.userId === annotator.id)).toBeUndefined();

    await expect(
      addProjectMember(t.db, { projectId: project.id, email: annotator.email, role: 'CLINICIAN' }, asLead),
    ).resolves.toMatchObject({ role: 'CLINICIAN' });
    await expect(
      addProjectMember(
        t.db,
        { projectId: project.id, email: annotator.email, role: 'ADMIN' },
        { id: admin.id, role: 'ADMIN' },
      ),
    ).resolves.toMatchObject({ role: 'ADMIN' });
  });
});
