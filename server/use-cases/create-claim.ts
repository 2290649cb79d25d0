import type { ClaimView } from '@/lib/realtime/protocol';
import { insertClaim } from '@/server/store/claims';
import { isUniqueViolation, type Tx } from '@/server/store/handle';
import { setScanLastServedAt } from '@/server/store/scans';

/** Inserts an ACTIVE claim and marks the scan served (inside the caller's transaction). */
export async function createClaim(
  tx: Tx,
  args: { projectId: string; scanId: string; userId: string; timeoutSeconds: number; now: Date },
): Promise<ClaimView> {
  const { projectId, scanId, userId, now } = args;
  const claim = await insertClaim(tx, {
    projectId,
    scanId,
    userId,
    expiresAt: new Date(now.getTime() + args.timeoutSeconds * 1000),
  });
  await setScanLastServedAt(tx, scanId, now);
  return { claimId: claim.id, scanId, userId, userName: claim.user.name, expiresAt: claim.expiresAt.toISOString() };
}

/** The partial unique index "one ACTIVE claim per scan" refused an insert. */
export function isActiveClaimConflict(e: unknown): boolean {
  if (!isUniqueViolation(e)) return false;
  const { meta, message } = e as { meta?: unknown; message: string };
  return (
    `${JSON.stringify(meta ?? {})} ${message}`.includes('Claim_one_active_per_scan') ||
    JSON.stringify(meta ?? {}).includes('scanId')
  );
}
