import type { ReaderPreferences } from '@/lib/schemas/preferences';
import type { Db } from '@/server/db/client';

export async function getReaderPreferences(db: Db, userId: string): Promise<ReaderPreferences> {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { autoAdvance: true } });
}
