import { describe, expect, it, vi } from 'vitest';
import type { SessionUser } from '@/lib/auth/roles';
import { authenticateUser } from '@/server/use-cases/authenticate-user';
import { makeUser, TEST_PASSWORD } from '../../helpers/fixtures';
import { routeCaller } from '../../helpers/route-caller';
import { routeTestDatabase } from '../../helpers/route-services';

const session = vi.hoisted(() => ({ user: null as SessionUser | null }));
vi.mock('@/server/auth/session', () => ({ currentUser: async () => session.user }));

const account = await import('@/app/api/users/[userId]/route');
const password = await import('@/app/api/users/[userId]/password/route');
const unlock = await import('@/app/api/users/[userId]/unlock/route');
const call = routeCaller(session);
const throttle = { maxFailures: 3, windowSeconds: 900, maxFailuresPerAddress: 0 };

describe('an admin manages accounts from the browser', () => {
  const t = routeTestDatabase();

  const signIn = (email: string, pw = TEST_PASSWORD) => authenticateUser(t.db, { email, password: pw }, throttle);
  const actions = async (subject: string) =>
    (await t.db.auditEvent.findMany({ where: { subject }, orderBy: { createdAt: 'asc' } })).map((e) => e.action);

  it('deactivates and reactivates an account; a deactivated one cannot sign in', async () => {
    const admin = await makeUser(t.db, 'ADMIN');
    const user = await makeUser(t.db, 'ANNOTATOR');
    const off = await call(account.PATCH, { userId: user.id }, admin, { method: 'PATCH', body: { active: false } });
    expect(off.body).toMatchObject({ ok: true, data: { disabled: true } });
    await expect(signIn(user.email)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const on = await call(account.PATCH, { userId: user.id }, admin, { method: 'PATCH', body: { active: true } });
    expect(on.body).toMatchObject({ ok: true, data: { disabled: false } });
    await expect(signIn(user.email)).resolves.toMatchObject({ id: user.id });
    expect(await actions(user.id)).toEqual(['user.create', 'user.deactivated', 'user.reactivated']);
    const self = await call(account.PATCH, { userId: admin.id }, admin, { method: 'PATCH', body: { active: false } });
    expect(self.status).toBe(409);
  });

  it('resets a password: the new one is returned once and works, the old one no longer does', async () => {
    const admin = await makeUser(t.db, 'ADMIN');
    const user = await makeUser(t.db, 'CLINICIAN');
    const res = await call(password.POST, { userId: user.id }, admin, { method: 'POST' });
    const fresh = (res.body.data as { password: string }).password;
    expect(fresh).toMatch(/^\S{16}$/);
    await expect(signIn(user.email, fresh)).resolves.toMatchObject({ id: user.id });
    await expect(signIn(user.email)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'user.password_reset', subject: user.id },
    });
    expect(JSON.stringify(audit)).not.toContain(fresh);
  });

  it('lifts a sign-in lockout: earlier failures stop counting', async () => {
    const admin = await makeUser(t.db, 'ADMIN');
    const user = await makeUser(t.db, 'ANNOTATOR');
    for (let i = 0; i < throttle.maxFailures; i++) await expect(signIn(user.email, 'wrong')).rejects.toThrow();
    await expect(signIn(user.email)).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    const res = await call(unlock.POST, { userId: user.id }, admin, { method: 'POST' });
    expect(res.body).toMatchObject({ ok: true, data: { unlocked: true } });
    await expect(signIn(user.email)).resolves.toMatchObject({ id: user.id });
  });

  it('refuses everyone but admins with 403 and a reason', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const user = await makeUser(t.db, 'ANNOTATOR');
    for (const res of [
      await call(account.PATCH, { userId: user.id }, lead, { method: 'PATCH', body: { active: false } }),
      await call(password.POST, { userId: user.id }, lead, { method: 'POST' }),
      await call(unlock.POST, { userId: user.id }, user, { method: 'POST' }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.error?.message).toMatch(/ADMIN/);
    }
    expect(await t.db.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ disabled: false });
  });
});
