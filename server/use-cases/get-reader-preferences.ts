import type { ReaderPreferences } from '@/lib/schemas/preferences';
import type { Db } from '@/server/store/handle';
import { findReaderPreferences } from '@/server/store/users';

export async function getReaderPreferences(db: Db, userId: string): Promise<ReaderPreferences> {
  return findReaderPreferences(db, userId);
}
