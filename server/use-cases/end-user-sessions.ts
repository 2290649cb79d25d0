import { inTransaction, type Db } from '@/server/store/handle';
import { incrementSessionVersion } from '@/server/store/users';
import { notifyAccessChange } from '@/server/auth/access-changes';
import { recordAuditEvent } from './record-audit-event';

/**
 * Signs a user out everywhere: every session signed in before now stops counting at its
 * next request, and the user's live sockets are disconnected.
 */
export async function endUserSessions(db: Db, args: { userId: string; actorId: string | null }): Promise<void> {
  await inTransaction(db, async (tx) => {
    await incrementSessionVersion(tx, args.userId);
    await recordAuditEvent(tx, { actorId: args.actorId, action: 'auth.sessions_ended', subject: args.userId });
    await notifyAccessChange(tx, { userId: args.userId });
  });
}
