import type { Db } from '@/server/db/client';

/**
 * Ends a user's active claim(s) as RELEASED: one claim by id (a connection that held it
 * left), or every claim of the user in a project. Returns how many were released.
 */
export async function releaseClaim(
  db: Db,
  args: { userId: string } & ({ claimId: string } | { projectId: string }),
): Promise<number> {
  const target = 'claimId' in args ? { id: args.claimId } : { projectId: args.projectId };
  const { count } = await db.claim.updateMany({
    where: { ...target, userId: args.userId, state: 'ACTIVE' },
    data: { state: 'RELEASED', endedAt: new Date() },
  });
  return count;
}
