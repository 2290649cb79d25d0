import type { Db } from '@/server/store/handle';
import { countScanInProject } from '@/server/store/scans';

/** Whether `scanId` is a scan of the project (a link to anything else is a 404). */
export async function projectHasScan(db: Db, args: { projectId: string; scanId: string }): Promise<boolean> {
  return (await countScanInProject(db, args)) > 0;
}
