import { expireOverdueClaims } from '@/server/store/claims';
import type { Db } from '@/server/store/handle';

/** Ends every overdue ACTIVE claim as EXPIRED (all projects). Safe to run from several servers. */
export async function sweepExpiredClaims(db: Db, now: Date = new Date()): Promise<number> {
  return expireOverdueClaims(db, {}, now);
}
