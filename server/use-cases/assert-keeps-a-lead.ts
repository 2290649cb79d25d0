import { AppError } from '@/lib/errors/app-error';
import type { Prisma } from '@/generated/prisma/client';

/** Refuses a change that would leave the project without a lead (nobody could manage it). */
export async function assertKeepsALead(tx: Prisma.TransactionClient, projectId: string, leavingUserId: string) {
  const others = await tx.projectMember.count({
    where: { projectId, userId: { not: leavingUserId }, role: { in: ['LEAD', 'ADMIN'] } },
  });
  if (others === 0) {
    throw new AppError({
      code: 'CONFLICT',
      message: 'This is the project’s only lead: make someone else a lead first.',
    });
  }
}
