import type { Db } from '@/server/store/handle';
import { listDuePacsSources } from '@/server/store/pacs';

/** Sources whose automatic sync is due: never synced, or synced longer ago than their interval. */
export async function listDuePacsSyncs(db: Db, now = new Date()): Promise<{ id: string; projectId: string }[]> {
  return listDuePacsSources(db, now);
}
