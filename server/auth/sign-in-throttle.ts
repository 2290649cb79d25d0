import type { Db } from '@/server/db/client';

/** Keys of the sign-in throttle: one per account (email, known or not) and one per client address. */
export const throttleKey = {
  account: (email: string) => `account:${email}`,
  address: (ip: string) => `address:${ip}`,
};

/**
 * Counts one attempt against `key` and answers the count, in one statement: parallel
 * attempts each see their own number, so no more than the limit get past however many
 * race. A window older than `windowSeconds` starts again at 1.
 */
export async function chargeSignInAttempt(db: Db, key: string, windowSeconds: number): Promise<number> {
  const [row] = await db.$queryRaw<{ failures: number }[]>`
    INSERT INTO "SignInThrottle" AS t ("key", "failures", "windowStartedAt")
    VALUES (${key}, 1, now())
    ON CONFLICT ("key") DO UPDATE SET
      "failures" = CASE WHEN t."windowStartedAt" <= now() - make_interval(secs => ${windowSeconds}) THEN 1 ELSE t."failures" + 1 END,
      "windowStartedAt" = CASE WHEN t."windowStartedAt" <= now() - make_interval(secs => ${windowSeconds}) THEN now() ELSE t."windowStartedAt" END
    RETURNING "failures"`;
  return row?.failures ?? 1;
}

/** Failures counted against `key` in its current window. */
export async function countSignInFailures(db: Db, key: string, windowSeconds: number): Promise<number> {
  const [row] = await db.$queryRaw<{ failures: number }[]>`
    SELECT "failures" FROM "SignInThrottle"
    WHERE "key" = ${key} AND "windowStartedAt" > now() - make_interval(secs => ${windowSeconds})`;
  return row?.failures ?? 0;
}

/** A successful sign-in gives the account its attempts back. */
export async function clearSignInFailures(db: Db, key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}
