import type { Db } from '@/server/store/handle';
import { listUnreportedAdjudicatedScans } from '@/server/store/project-views';

/**
 * Scans of a source's series adjudicated since the last report sent for them (any attempt,
 * failed ones included: a failure stays on the page for a lead to resend, it is not retried blindly).
 */
export async function listUnreportedAdjudications(
  db: Db,
  source: { id: string; projectId: string },
  limit = 50,
): Promise<string[]> {
  return listUnreportedAdjudicatedScans(db, source, limit);
}
