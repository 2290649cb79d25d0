import { AppError } from '@/lib/errors/app-error';
import { inTransaction, type Db } from '@/server/store/handle';
import { findUserById, setUserDisabled } from '@/server/store/users';
import { IMPORT_IDENTITY_EMAIL } from './ensure-import-identity';
import { recordAuditEvent } from './record-audit-event';

/**
 * An admin deactivates an account (it can no longer sign in; its labels and memberships
 * stay) or reactivates it. An admin cannot deactivate themselves.
 */
export async function setUserActive(db: Db, args: { userId: string; active: boolean; actorId: string }) {
  if (!args.active && args.userId === args.actorId) {
    throw new AppError({ code: 'CONFLICT', message: 'You cannot deactivate your own account.' });
  }
  return inTransaction(db, async (tx) => {
    const user = await findUserById(tx, args.userId);
    if (!user) throw new AppError({ code: 'NOT_FOUND', message: 'No such user.' });
    if (user.email === IMPORT_IDENTITY_EMAIL) {
      throw new AppError({ code: 'CONFLICT', message: 'The imported-labels identity never signs in.' });
    }
    const updated = await setUserDisabled(tx, args.userId, !args.active);
    if (user.disabled === !args.active) return updated;
    await recordAuditEvent(tx, {
      actorId: args.actorId,
      action: args.active ? 'user.reactivated' : 'user.deactivated',
      subject: args.userId,
    });
    return updated;
  });
}
