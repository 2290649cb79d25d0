import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { findUserEmailById, setUserPasswordHash } from '@/server/store/users';
import { generatePassword, hashPassword } from '@/server/auth/password';
import { IMPORT_IDENTITY_EMAIL } from './ensure-import-identity';
import { recordAuditEvent } from './record-audit-event';

/**
 * An admin gives a user a new random password. It is returned once, to be handed over;
 * only its hash is stored and the audit trail records the reset, never the password.
 */
export async function resetUserPassword(db: Db, args: { userId: string; actorId: string }) {
  const user = await findUserEmailById(db, args.userId);
  if (!user) throw new AppError({ code: 'NOT_FOUND', message: 'No such user.' });
  if (user.email === IMPORT_IDENTITY_EMAIL) {
    throw new AppError({ code: 'CONFLICT', message: 'The imported-labels identity never signs in.' });
  }
  const password = generatePassword(16);
  await setUserPasswordHash(db, user.id, await hashPassword(password));
  await recordAuditEvent(db, { actorId: args.actorId, action: 'user.password_reset', subject: user.id });
  return { userId: user.id, email: user.email, password };
}
