import { AppError } from '@/lib/errors/app-error';
import type { ClaimView } from '@/lib/realtime/protocol';
import { findAnnotationOfAuthor } from '@/server/store/annotations';
import {
  expireOverdueClaims,
  findActiveClaimOnScan,
  findClaimTimeout,
  releaseActiveClaims,
} from '@/server/store/claims';
import { inTransaction, type Db } from '@/server/store/handle';
import { findScanInProject } from '@/server/store/scans';
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
    return await inTransaction(db, async (tx) => {
      const project = await findClaimTimeout(tx, projectId);
      // A scan of another project is not the caller's to claim (nor to reveal exists).
      if (!(await findScanInProject(tx, { projectId, scanId })))
        throw new AppError({ code: 'NOT_FOUND', message: 'No such scan in this project.' });
      const now = new Date();
      await expireOverdueClaims(tx, { scanId }, now);
      await releaseActiveClaims(tx, { projectId, userId, now });
      // One after the other: a transaction is one connection.
      const held = await findActiveClaimOnScan(tx, scanId);
      const read = held ? null : await findAnnotationOfAuthor(tx, { scanId, authorId: userId });
      if (held || read) return null;
      return createClaim(tx, { projectId, scanId, userId, timeoutSeconds: project.claimTimeoutSeconds, now });
    });
  } catch (e) {
    if (isActiveClaimConflict(e)) return null;
    throw e;
  }
}
