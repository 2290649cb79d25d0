import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/db/client';
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
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: args.userId } });
    if (!user) throw new AppError({ code: 'NOT_FOUND', message: 'No such user.' });
    if (user.email === IMPORT_IDENTITY_EMAIL) {
      throw new AppError({ code: 'CONFLICT', message: 'The imported-labels identity never signs in.' });
    }
    const updated = await tx.user.update({
      where: { id: args.userId },
      data: { disabled: !args.active },
      select: { id: true, email: true, disabled: true },
    });
    if (user.disabled === !args.active) return updated;
    await recordAuditEvent(tx, {
      actorId: args.actorId,
      action: args.active ? 'user.reactivated' : 'user.deactivated',
      subject: args.userId,
    });
    return updated;
  });
}
