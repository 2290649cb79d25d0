import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '@/server/config';
import { authenticateUser } from '@/server/use-cases/authenticate-user';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { TEST_PASSWORD, makeUser } from '../../helpers/fixtures';

const defaults = loadConfig({ NODE_ENV: 'test' });
const throttle = {
  maxFailures: defaults.LOGIN_MAX_FAILURES,
  windowSeconds: defaults.LOGIN_WINDOW_SECONDS,
  maxFailuresPerAddress: defaults.LOGIN_MAX_FAILURES_PER_ADDRESS,
};

describe('sign-in throttling', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(() => t.drop());

  it('lets no more than the limit through a race of 30 parallel guesses at one account', async () => {
    const user = await makeUser(t.db);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        authenticateUser(t.db, { email: user.email, password: `guess-${i}`, ip: `192.0.2.${i}` }, throttle),
      ),
    );
    const codes = results.map((r) => (r.status === 'rejected' ? (r.reason as { code: string }).code : 'OK'));
    // Only the attempts whose password was actually checked answer UNAUTHENTICATED.
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(throttle.maxFailures);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(30 - throttle.maxFailures);
    await expect(
      authenticateUser(t.db, { email: user.email, password: TEST_PASSWORD }, throttle),
    ).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
  });

  it('does not lock a lead out because colleagues behind the same proxy mistyped 21 unknown emails', async () => {
    const lead = await makeUser(t.db, 'LEAD');
    const proxy = '10.20.30.40';
    for (let i = 0; i < 21; i++) {
      await authenticateUser(t.db, { email: `typo${i}@test.local`, password: 'x', ip: proxy }, throttle).catch(
        () => {},
      );
    }
    await expect(
      authenticateUser(t.db, { email: lead.email, password: TEST_PASSWORD, ip: proxy }, throttle),
    ).resolves.toMatchObject({ id: lead.id });
  });

  it('gives an account its attempts back after a successful sign-in', async () => {
    const user = await makeUser(t.db);
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < throttle.maxFailures - 1; i++) {
        await expect(authenticateUser(t.db, { email: user.email, password: 'nope' }, throttle)).rejects.toMatchObject({
          code: 'UNAUTHENTICATED',
        });
      }
      await expect(
        authenticateUser(t.db, { email: user.email, password: TEST_PASSWORD }, throttle),
      ).resolves.toMatchObject({ id: user.id });
    }
  });

  it('takes as long for an unknown account as for a wrong password (a dummy hash is checked)', async () => {
    const user = await makeUser(t.db);
    const loose = { ...throttle, maxFailures: 1000 };
    const time = async (email: string) => {
      const started = performance.now();
      await authenticateUser(t.db, { email, password: 'wrong-password' }, loose).catch(() => {});
      return performance.now() - started;
    };
    await time('warm-up@test.local');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      known.push(await time(user.email));
      unknown.push(await time(`nobody${i}@test.local`));
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    // argon2id (19 MiB, 2 passes) dominates both; without the dummy check the unknown one skips it.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.6);
  });
});
