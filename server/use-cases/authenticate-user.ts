import { AppError } from '@/lib/errors/app-error';
import type { SessionUser } from '@/lib/auth/roles';
import type { Db } from '@/server/db/client';
import { verifyPassword } from '@/server/auth/password';
import { recordAuditEvent } from './record-audit-event';

export interface ThrottleOptions {
  maxFailures: number;
  windowSeconds: number;
}

/**
 * Checks an email + password. Repeated failures for one email (or from one address)
 * within the window lock further attempts, the right password included, until the
 * window passes: password guessing gets a handful of tries, not millions.
 */
export async function authenticateUser(
  db: Db,
  input: { email: string; password: string; ip?: string | null; userAgent?: string | null },
  throttle: ThrottleOptions,
): Promise<SessionUser> {
  const email = input.email.trim().toLowerCase();
  const since = new Date(Date.now() - throttle.windowSeconds * 1000);
  const [byEmail, byIp] = await Promise.all([
    db.auditEvent.count({ where: { action: 'auth.login_failed', subject: email, createdAt: { gte: since } } }),
    input.ip
      ? db.auditEvent.count({ where: { action: 'auth.login_failed', ip: input.ip, createdAt: { gte: since } } })
      : Promise.resolve(0),
  ]);
  if (byEmail >= throttle.maxFailures || byIp >= throttle.maxFailures * 4) {
    await recordAuditEvent(db, { action: 'auth.login_throttled', subject: email, ip: input.ip, userAgent: input.userAgent });
    throw new AppError({
      code: 'TOO_MANY_REQUESTS',
      message: `Too many failed sign-ins. Try again in ${Math.ceil(throttle.windowSeconds / 60)} minutes.`,
    });
  }
  const user = await db.user.findUnique({ where: { email } });
  const ok = user && !user.disabled && (await verifyPassword(user.passwordHash, input.password));
  if (!user || !ok) {
    await recordAuditEvent(db, { action: 'auth.login_failed', subject: email, ip: input.ip, userAgent: input.userAgent });
    throw new AppError({ code: 'UNAUTHENTICATED', message: 'Wrong email or password.' });
  }
  await recordAuditEvent(db, { actorId: user.id, action: 'auth.login', subject: email, ip: input.ip, userAgent: input.userAgent });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
