import type { ReaderPreferences } from '@/lib/schemas/preferences';
import type { Db } from '@/server/store/handle';
import { setReaderPreferences } from '@/server/store/users';

export async function updateReaderPreferences(
  db: Db,
  userId: string,
  change: Partial<ReaderPreferences>,
): Promise<ReaderPreferences> {
  return setReaderPreferences(db, userId, change);
}
