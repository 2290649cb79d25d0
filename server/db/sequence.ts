import type { Prisma } from '@/generated/prisma/client';

/**
 * The next per-project annotation sequence number. The row lock on the project serialises
 * writers, so sequence order is commit order; call it inside the inserting transaction.
 */
export async function nextSequence(tx: Prisma.TransactionClient, projectId: string): Promise<bigint> {
  const rows = await tx.$queryRaw<{ seq: bigint }[]>`
    UPDATE "Project" SET "lastSequence" = "lastSequence" + 1 WHERE id = ${projectId}
    RETURNING "lastSequence" AS seq`;
  return rows[0].seq;
}
