import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors/app-error';
import { authenticateUser } from '@/server/use-cases/authenticate-user';
import { getMembershipOrThrow } from '@/server/use-cases/get-membership-or-throw';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { TEST_PASSWORD, addMember, makeProject, makeUser } from '../../helpers/fixtures';

const throttle = { maxFailures: 3, windowSeconds: 600, maxFailuresPerAddress: 12 };

describe('authentication and authorisation', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('signs in with the right password and stores only an argon2id hash', async () => {
    const user = await makeUser(t.db, 'CLINICIAN');
    const session = await authenticateUser(
      t.db,
      { email: user.email.toUpperCase(), password: TEST_PASSWORD },
      throttle,
    );
    expect(session).toEqual({ id: user.id, email: user.email, name: user.name, role: 'CLINICIAN', sessionVersion: 0 });
    const row = await t.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain(TEST_PASSWORD);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const user = await makeUser(t.db);
    await expect(
      authenticateUser(t.db, { email: user.email, password: 'wrong-password' }, throttle),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(
      authenticateUser(t.db, { email: 'nobody@test.local', password: TEST_PASSWORD }, throttle),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.' });
  });

  it('refuses a disabled account', async () => {
    const user = await makeUser(t.db);
    await t.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    await expect(
      authenticateUser(t.db, { email: user.email, password: TEST_PASSWORD }, throttle),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it('throttles password guessing, even the right password, per email', async () => {
    const user = await makeUser(t.db);
    for (let i = 0; i < throttle.maxFailures; i++) {
      await expect(
        authenticateUser(t.db, { email: user.email, password: `guess-${i}` }, throttle),
      ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    }
    await expect(
      authenticateUser(t.db, { email: user.email, password: TEST_PASSWORD }, throttle),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
    // Another account is unaffected.
    const other = await makeUser(t.db);
    await expect(
      authenticateUser(t.db, { email: other.email, password: TEST_PASSWORD }, throttle),
    ).resolves.toMatchObject({ id: other.id });
    // The window passing lifts the lock.
    await expect(
      authenticateUser(t.db, { email: user.email, password: TEST_PASSWORD }, { ...throttle, windowSeconds: 0 }),
    ).resolves.toMatchObject({ id: user.id });
  });

  it('throttles one address guessing across many emails, at its own limit', async () => {
    const ip = '10.9.8.7';
    for (let i = 0; i < throttle.maxFailuresPerAddress; i++) {
      await authenticateUser(t.db, { email: `spray${i}@test.local`, password: 'x', ip }, throttle).catch(() => {});
    }
    const user = await makeUser(t.db);
    await expect(
      authenticateUser(t.db, { email: user.email, password: TEST_PASSWORD, ip }, throttle),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('denies non-members and members below the required role', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const annotator = await makeUser(t.db, 'ANNOTATOR');
    const outsider = await makeUser(t.db, 'CLINICIAN');
    const admin = await makeUser(t.db, 'ADMIN');
    const project = await makeProject(t.db, {}, lead.id);
    await addMember(t.db, project.id, annotator.email, 'ANNOTATOR');
    const asUser = (u: typeof lead) => ({ id: u.id, email: u.email, name: u.name, role: u.role });

    await expect(getMembershipOrThrow(t.db, asUser(outsider), project.slug)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(getMembershipOrThrow(t.db, asUser(annotator), project.slug, 'CLINICIAN')).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(getMembershipOrThrow(t.db, asUser(annotator), project.slug)).resolves.toMatchObject({
      role: 'ANNOTATOR',
    });
    await expect(getMembershipOrThrow(t.db, asUser(lead), project.slug, 'LEAD')).resolves.toMatchObject({
      role: 'LEAD',
    });
    await expect(getMembershipOrThrow(t.db, asUser(admin), project.slug, 'LEAD')).resolves.toMatchObject({
      role: 'ADMIN',
    });
    await expect(getMembershipOrThrow(t.db, asUser(lead), 'no-such-project')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
