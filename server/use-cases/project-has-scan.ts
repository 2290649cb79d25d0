import type { Db } from '@/server/db/client';

/** Whether `scanId` is a scan of the project (a link to anything else is a 404). */
export async function projectHasScan(db: Db, args: { projectId: string; scanId: string }): Promise<boolean> {
  return (await db.scan.count({ where: { id: args.scanId, projectId: args.projectId } })) > 0;
}
