import { z } from 'zod';
import type { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';

/**
 * A user's access changed (a membership added or its role changed, sessions ended, the
 * account disabled): every app server re-checks that user's live sockets. PostgreSQL
 * LISTEN/NOTIFY carries it, so a change made by the CLI or another server arrives too.
 */
export const ACCESS_CHANNEL = 'neuroloop_access';

export const accessChangeSchema = z.object({ userId: z.string().min(1) });
export type AccessChange = z.infer<typeof accessChangeSchema>;

/** Sent with the change (inside its transaction, when given one: NOTIFY is delivered on commit). */
export async function notifyAccessChange(
  db: Pick<Db, '$executeRaw'> | Prisma.TransactionClient,
  change: AccessChange,
): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${ACCESS_CHANNEL}, ${JSON.stringify(change)})`;
}
