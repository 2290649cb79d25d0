import { z } from 'zod';
import type { Db, Tx } from '@/server/store/handle';
import { notifyAccessChannel } from '@/server/store/users';

/**
 * A user's access changed (a membership added or its role changed, sessions ended, the
 * account disabled): every app server re-checks that user's live sockets. PostgreSQL
 * LISTEN/NOTIFY carries it, so a change made by the CLI or another server arrives too.
 */
export const ACCESS_CHANNEL = 'neuroloop_access';

export const accessChangeSchema = z.object({ userId: z.string().min(1) });
export type AccessChange = z.infer<typeof accessChangeSchema>;

/** Sent with the change (inside its transaction, when given one: NOTIFY is delivered on commit). */
export async function notifyAccessChange(db: Pick<Db, '$executeRaw'> | Tx, change: AccessChange): Promise<void> {
  await notifyAccessChannel(db, ACCESS_CHANNEL, JSON.stringify(change));
}
