import type { Db } from '@/server/db/client';

/** Ends every overdue ACTIVE claim as EXPIRED (all projects). Safe to run from several servers. */
export async function sweepExpiredClaims(db: Db, now: Date = new Date()): Promise<number> {
  const { count } = await db.claim.updateMany({
    where: { state: 'ACTIVE', expiresAt: { lte: now } },
    data: { state: 'EXPIRED', endedAt: now },
  });
  return count;
}
