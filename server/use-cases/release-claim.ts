import { releaseActiveClaims } from '@/server/store/claims';
import type { Db } from '@/server/store/handle';

/**
 * Ends a user's active claim(s) as RELEASED: one claim by id (a connection that held it
 * left), or every claim of the user in a project. Returns how many were released.
 */
export async function releaseClaim(
  db: Db,
  args: { userId: string } & ({ claimId: string } | { projectId: string }),
): Promise<number> {
  return releaseActiveClaims(db, { ...args, now: new Date() });
}
