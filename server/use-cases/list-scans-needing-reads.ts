import type { Db } from '@/server/store/handle';
import { findScansNeedingReads } from '@/server/store/scans';

/**
 * Scans the review queue ranks: not held out for testing, not adjudicated, and with fewer
 * current human reads than the project requires (an imported label is not a read).
 */
export async function listScansNeedingReads(db: Db, project: { id: string; readsPerScan: number }) {
  return findScansNeedingReads(db, project);
}
