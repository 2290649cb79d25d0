import type { ClaimView } from '@/lib/realtime/protocol';
import { Prisma } from '@/generated/prisma/client';

/** Inserts an ACTIVE claim and marks the scan served (inside the caller's transaction). */
export async function createClaim(
  tx: Prisma.TransactionClient,
  args: { projectId: string; scanId: string; userId: string; timeoutSeconds: number; now: Date },
): Promise<ClaimView> {
  const { projectId, scanId, userId, now } = args;
  const claim = await tx.claim.create({
    data: { projectId, scanId, userId, expiresAt: new Date(now.getTime() + args.timeoutSeconds * 1000) },
    select: { id: true, expiresAt: true, user: { select: { name: true } } },
  });
  await tx.scan.update({ where: { id: scanId }, data: { lastServedAt: now } });
  return { claimId: claim.id, scanId, userId, userName: claim.user.name, expiresAt: claim.expiresAt.toISOString() };
}

/** The partial unique index "one ACTIVE claim per scan" refused an insert. */
export function isActiveClaimConflict(e: unknown): boolean {
  if (!(e instanceof Prisma.PrismaClientKnownRequestError) || e.code !== 'P2002') return false;
  return (
    `${JSON.stringify(e.meta ?? {})} ${e.message}`.includes('Claim_one_active_per_scan') ||
    JSON.stringify(e.meta ?? {}).includes('scanId')
  );
}
