import { AppError } from '@/lib/errors/app-error';
import type { SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/store/handle';
import { hashPassword, verifyPassword } from '@/server/auth/password';
import { throttleKey } from '@/server/auth/sign-in-throttle';
import { chargeSignInAttempt, clearSignInFailures, countSignInFailures, findUserByEmail } from '@/server/store/users';
import { recordAuditEvent } from './record-audit-event';

export interface ThrottleOptions {
  /** Attempts per account in a window, the right password included once they are spent. */
  maxFailures: number;
  windowSeconds: number;
  /** Failed attempts from one client address in a window (0: no limit per address). */
  maxFailuresPerAddress: number;
}

/** A signed-in user and the session version their session carries. */
export type SignedInUser = SessionUser & { sessionVersion: number };

let dummyHash: Promise<string> | null = null;

/**
 * Checks an email + password. Each attempt is counted against the account before the
 * password is checked (atomically: a burst of parallel guesses gets no more than the
 * limit), and a success gives the attempts back; once they are spent, sign-in is locked
 * until the window passes. Failures from one address have a softer limit of their own, so
 * that colleagues behind one proxy are not locked out by someone else's typos. An unknown
 * or disabled account costs the same password check as a real one.
 */
export async function authenticateUser(
  db: Db,
  input: { email: string; password: string; ip?: string | null; userAgent?: string | null },
  throttle: ThrottleOptions,
): Promise<SignedInUser> {
  const email = input.email.trim().toLowerCase();
  const audit = { subject: email, ip: input.ip, userAgent: input.userAgent };
  const addressKey = input.ip && throttle.maxFailuresPerAddress > 0 ? throttleKey.address(input.ip) : null;
  const addressFailures = addressKey ? await countSignInFailures(db, addressKey, throttle.windowSeconds) : 0;
  const tooMany = async () => {
    await recordAuditEvent(db, { action: 'auth.login_throttled', ...audit });
    return new AppError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many failed sign-ins. Try again in ${Math.ceil(throttle.windowSeconds / 60)} minutes.`,
    });
  };
  if (addressKey && addressFailures >= throttle.maxFailuresPerAddress) throw await tooMany();
  const attempt = await chargeSignInAttempt(db, throttleKey.account(email), throttle.windowSeconds);
  if (attempt > throttle.maxFailures) throw await tooMany();

  const user = await findUserByEmail(db, email);
  const usable = user !== null && !user.disabled;
  const ok = await verifyPassword(usable ? user.passwordHash : await unknownAccountHash(), input.password);
  if (!usable || !ok) {
    if (addressKey) await chargeSignInAttempt(db, addressKey, throttle.windowSeconds);
    await recordAuditEvent(db, { action: 'auth.login_failed', ...audit });
    throw new AppError({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.' });
  }
  await clearSignInFailures(db, throttleKey.account(email));
  await recordAuditEvent(db, { actorId: user.id, action: 'auth.login', ...audit });
  return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion };
}

/** A hash no password matches, checked for unknown accounts so that timing does not tell them apart. */
function unknownAccountHash(): Promise<string> {
  dummyHash ??= hashPassword(crypto.randomUUID());
  return dummyHash;
}
