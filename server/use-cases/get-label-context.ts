import { AppError } from '@/lib/errors/app-error';
import type { Prisma } from '@/generated/prisma/client';
import type { Db } from '@/server/db/client';

/** The project settings labelling reads, and the sequence they are current at. */
export async function getLabelContext(db: Db | Prisma.TransactionClient, projectId: string) {
  const p = await db.project.findUnique({
    where: { id: projectId },
    select: {
      lastSequence: true,
      blindMode: true,
      labelsRequired: true,
      labels: true,
      task: true,
      claimTimeoutSeconds: true,
    },
  });
  if (!p) throw new AppError({ code: 'NOT_FOUND', message: 'That project no longer exists.' });
  return { ...p, seq: Number(p.lastSequence) };
}
export type LabelContext = Awaited<ReturnType<typeof getLabelContext>>;
