import type { Db } from '@/server/db/client';

/** Sources whose automatic sync is due: never synced, or synced longer ago than their interval. */
export async function listDuePacsSyncs(db: Db, now = new Date()): Promise<{ id: string; projectId: string }[]> {
  return db.$queryRaw<{ id: string; projectId: string }[]>`
    SELECT id, "projectId" FROM "PacsSource"
    WHERE "syncIntervalMinutes" IS NOT NULL
      AND ("lastSyncAt" IS NULL OR "lastSyncAt" + make_interval(mins => "syncIntervalMinutes") <= ${now})
    ORDER BY "lastSyncAt" NULLS FIRST`;
}
