import { AppError } from '@/lib/errors/app-error';
import type { ClaimView } from '@/lib/realtime/protocol';
import {
  expireOverdueClaims,
  findClaimSettings,
  pickOpenScan,
  pickSkippedScan,
  recordSkips,
  releaseActiveClaimsReturningScans,
} from '@/server/store/claims';
import { inTransaction, type Db, type Tx } from '@/server/store/handle';
import { createClaim, isActiveClaimConflict } from './create-claim';

/**
 * "Next" (key N): in one transaction, expires overdue claims, releases the user's own
 * (recording an unread one as passed over), and claims the highest-ranked review-queue
 * scan the user may be given (falling back to any scan short of reads, least recently
 * served first); scans the user passed over come last, oldest pass first. SKIP LOCKED keeps two
 * concurrent presses off one scan (NO KEY UPDATE: labels' foreign-key checks on the scan
 * need not wait); the one-active-claim-per-scan index is the last guard.
 */
export async function claimNextScan(db: Db, args: { projectId: string; userId: string }): Promise<ClaimView | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await inTransaction(db, (tx) => claimOnce(tx, args), { maxWait: 10_000, timeout: 15_000 });
    } catch (e) {
      if (!isActiveClaimConflict(e)) throw e;
    }
  }
  throw new AppError({ code: 'CONFLICT', message: 'Many readers asked for a scan at once; press N again.' });
}

async function claimOnce(
  tx: Tx,
  { projectId, userId }: { projectId: string; userId: string },
): Promise<ClaimView | null> {
  const project = await findClaimSettings(tx, projectId);
  const now = new Date();
  await expireOverdueClaims(tx, { projectId }, now);
  // "Next" while holding an unread scan passes over it: it goes behind every other scan for this reader.
  const released = await releaseActiveClaimsReturningScans(tx, { projectId, userId, now });
  await recordSkips(tx, { projectId, userId, scanIds: released.map((c) => c.scanId), now });
  const pick = { projectId, userId, readsPerScan: project.readsPerScan };
  const scanId = (await pickOpenScan(tx, pick)) ?? (await pickSkippedScan(tx, pick));
  if (!scanId) return null;
  return createClaim(tx, { projectId, scanId, userId, timeoutSeconds: project.claimTimeoutSeconds, now });
}
