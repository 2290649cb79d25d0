import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { throttleKey } from '@/server/auth/sign-in-throttle';
import { clearSignInFailures, findUserEmailById } from '@/server/store/users';
import { recordAuditEvent } from './record-audit-event';

/** The audit action of an admin's unlock. */
export const SIGN_IN_UNLOCKED = 'auth.unlocked';

/**
 * An admin lifts a sign-in lockout: the account's counted attempts are cleared, so the next
 * sign-in is checked as a first one. (A per-address limit is the address's, not the user's.)
 */
export async function unlockUserSignIn(db: Db, args: { userId: string; actorId: string }) {
  const user = await findUserEmailById(db, args.userId);
  if (!user) throw new AppError({ code: 'NOT_FOUND', message: 'No such user.' });
  await clearSignInFailures(db, throttleKey.account(user.email));
  await recordAuditEvent(db, {
    actorId: args.actorId,
    action: SIGN_IN_UNLOCKED,
    subject: user.email,
    details: { userId: user.id },
  });
  return { userId: user.id, email: user.email, unlocked: true };
}
