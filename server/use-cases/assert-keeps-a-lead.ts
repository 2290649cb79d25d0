import { AppError } from '@/lib/errors/app-error';
import type { Tx } from '@/server/store/handle';
import { countOtherLeads } from '@/server/store/projects';

/** Refuses a change that would leave the project without a lead (nobody could manage it). */
export async function assertKeepsALead(tx: Tx, projectId: string, leavingUserId: string) {
  const others = await countOtherLeads(tx, projectId, leavingUserId);
  if (others === 0) {
    throw new AppError({
      code: 'CONFLICT',
      message: 'This is the project’s only lead: make someone else a lead first.',
    });
  }
}
