import type { Db } from '@/server/store/handle';
import { findScansByContentHash } from '@/server/store/models';

/** The project's scans with these content hashes (ids and hashes): a model's examples are keyed by them. */
export function listScansByContentHash(db: Db, projectId: string, contentHashes: string[]) {
  return findScansByContentHash(db, projectId, contentHashes);
}
