import type { Role } from '@/lib/auth/roles';
import type { ReaderPreferences } from '@/lib/schemas/preferences';
import type { Db, DbOrTx, Tx } from './handle';

export function findUserByEmail(db: DbOrTx, email: string) {
  return db.user.findUnique({ where: { email } });
}

export function findUserById(db: DbOrTx, id: string) {
  return db.user.findUnique({ where: { id } });
}

export function findUserEmailById(db: DbOrTx, id: string) {
  return db.user.findUnique({ where: { id }, select: { id: true, email: true } });
}

/** What a session needs to know about its user now. */
export function findUserSessionState(db: DbOrTx, id: string) {
  return db.user.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, disabled: true, sessionVersion: true },
  });
}

export function findAllUsers(db: DbOrTx) {
  return db.user.findMany({
    orderBy: { email: 'asc' },
    select: { id: true, email: true, name: true, role: true, disabled: true, createdAt: true },
  });
}

export function countUsers(db: DbOrTx): Promise<number> {
  return db.user.count();
}

export function insertUser(db: DbOrTx, data: { email: string; name: string; role: Role; passwordHash: string }) {
  return db.user.create({
    data: { email: data.email, name: data.name, role: data.role, passwordHash: data.passwordHash },
    select: { id: true, email: true, name: true, role: true, createdAt: true },
  });
}

/** Creates the account unless one with this email exists (then leaves it as it is). */
export function insertUserUnlessExists(
  db: DbOrTx,
  data: { email: string; name: string; role: Role; disabled: boolean; passwordHash: string },
): Promise<{ id: string }> {
  return db.user.upsert({
    where: { email: data.email },
    create: data,
    update: {},
    select: { id: true },
  });
}

export async function setUserPasswordHash(db: DbOrTx, id: string, passwordHash: string): Promise<void> {
  await db.user.update({ where: { id }, data: { passwordHash } });
}

export function setUserDisabled(db: DbOrTx, id: string, disabled: boolean) {
  return db.user.update({
    where: { id },
    data: { disabled },
    select: { id: true, email: true, disabled: true },
  });
}

/** Raises the user's session version: sessions signed in under an older one stop counting. */
export async function incrementSessionVersion(db: DbOrTx, id: string): Promise<void> {
  await db.user.update({ where: { id }, data: { sessionVersion: { increment: 1 } } });
}

/**
 * Sends `payload` on `channel` (inside its transaction, when given one: NOTIFY is delivered
 * on commit).
 */
export async function notifyAccessChannel(
  db: Pick<Db, '$executeRaw'> | Tx,
  channel: string,
  payload: string,
): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${channel}, ${payload})`;
}

export function findReaderPreferences(db: DbOrTx, userId: string): Promise<ReaderPreferences> {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { autoAdvance: true } });
}

export function setReaderPreferences(
  db: DbOrTx,
  userId: string,
  change: Partial<ReaderPreferences>,
): Promise<ReaderPreferences> {
  return db.user.update({ where: { id: userId }, data: change, select: { autoAdvance: true } });
}

/**
 * Counts one attempt against `key` and answers the count, in one statement: parallel
 * attempts each see their own number, so no more than the limit get past however many
 * race. A window older than `windowSeconds` starts again at 1.
 */
export async function chargeSignInAttempt(db: DbOrTx, key: string, windowSeconds: number): Promise<number> {
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
export async function countSignInFailures(db: DbOrTx, key: string, windowSeconds: number): Promise<number> {
  const [row] = await db.$queryRaw<{ failures: number }[]>`
    SELECT "failures" FROM "SignInThrottle"
    WHERE "key" = ${key} AND "windowStartedAt" > now() - make_interval(secs => ${windowSeconds})`;
  return row?.failures ?? 0;
}

/** A successful sign-in gives the account its attempts back. */
export async function clearSignInFailures(db: DbOrTx, key: string): Promise<void> {
  await db.signInThrottle.deleteMany({ where: { key } });
}
