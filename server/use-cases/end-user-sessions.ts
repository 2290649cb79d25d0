import type { Db } from '@/server/db/client';
import { notifyAccessChange } from '@/server/auth/access-changes';
import { recordAuditEvent } from './record-audit-event';

/**
 * Signs a user out everywhere: every session signed in before now stops counting at its
 * next request, and the user's live sockets are disconnected.
 */
export async function endUserSessions(db: Db, args: { userId: string; actorId: string | null }): Promise<void> {
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: args.userId }, data: { sessionVersion: { increment: 1 } } });
    await recordAuditEvent(tx, { actorId: args.actorId, action: 'auth.sessions_ended', subject: args.userId });
    await notifyAccessChange(tx, { userId: args.userId });
  });
}
