import { AppError } from '@/lib/errors/app-error';
import type { ClaimView } from '@/lib/realtime/protocol';
import type { Db } from '@/server/db/client';
import { createClaim, isActiveClaimConflict } from './create-claim';

/**
 * Claims one given scan for the user (a reconnecting client resuming its claim). Always
 * a new claim row: a late release of the old connection's claim then cannot touch it.
 * Null when someone else holds the scan or the user has read it already.
 */
export async function claimScan(
  db: Db,
  args: { projectId: string; scanId: string; userId: string },
): Promise<ClaimView | null> {
  const { projectId, scanId, userId } = args;
  try {
    return await db.$transaction(async (tx) => {
      const project = await tx.project.findUniqueOrThrow({
        where: { id: projectId },
        select: { claimTimeoutSeconds: true },
      });
      // A scan of another project is not the caller's to claim (nor to reveal exists).
      if (!(await tx.scan.findFirst({ where: { id: scanId, projectId }, select: { id: true } })))
        throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
      const now = new Date();
      await tx.claim.updateMany({
        where: { scanId, state: 'ACTIVE', expiresAt: { lte: now } },
        data: { state: 'EXPIRED', endedAt: now },
      });
      await tx.claim.updateMany({
        where: { projectId, userId, state: 'ACTIVE' },
        data: { state: 'RELEASED', endedAt: now },
      });
      // One after the other: a transaction is one connection.
      const held = await tx.claim.findFirst({ where: { scanId, state: 'ACTIVE' }, select: { id: true } });
      const read = held
        ? null
        : await tx.annotation.findFirst({ where: { scanId, authorId: userId }, select: { id: true } });
      if (held || read) return null;
      return createClaim(tx, { projectId, scanId, userId, timeoutSeconds: project.claimTimeoutSeconds, now });
    });
  } catch (e) {
    if (isActiveClaimConflict(e)) return null;
    throw e;
  }
}
