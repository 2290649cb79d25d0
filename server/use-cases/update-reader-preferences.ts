import type { ReaderPreferences } from '@/lib/schemas/preferences';
import type { Db } from '@/server/db/client';

export async function updateReaderPreferences(
  db: Db,
  userId: string,
  change: Partial<ReaderPreferences>,
): Promise<ReaderPreferences> {
  return db.user.update({ where: { id: userId }, data: change, select: { autoAdvance: true } });
}
