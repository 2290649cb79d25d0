import { AppError } from '@/lib/errors/app-error';
import { findLabelSettings } from '@/server/store/annotations';
import type { DbOrTx } from '@/server/store/handle';

/** The project settings labelling reads, and the sequence they are current at. */
export async function getLabelContext(db: DbOrTx, projectId: string) {
  const p = await findLabelSettings(db, projectId);
  if (!p) throw new AppError({ code: 'NOT_FOUND', message: 'That project no longer exists.' });
  return { ...p, seq: Number(p.lastSequence) };
}
export type LabelContext = Awaited<ReturnType<typeof getLabelContext>>;
