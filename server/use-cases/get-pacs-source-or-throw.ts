import { AppError } from '@/lib/errors/app-error';
import type { Db } from '@/server/store/handle';
import { findPacsSourceByIdOrName } from '@/server/store/pacs';

/** A source of this project, by id or by name. */
export async function getPacsSourceOrThrow(db: Db, projectId: string, idOrName: string) {
  const source = await findPacsSourceByIdOrName(db, projectId, idOrName);
  if (!source) throw new AppError({ code: 'NOT_FOUND', message: `No PACS source "${idOrName}" in this project.` });
  return source;
}
