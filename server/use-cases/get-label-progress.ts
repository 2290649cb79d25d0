import { countStatuses, type ProgressStatus } from '@/lib/dashboard/progress';
import type { Db } from '@/server/store/handle';
import { countSuspectedErrors } from '@/server/store/scans';
import { getScanReferences, type ReferenceProject } from './get-scan-references';

export interface LabelProgress {
  scans: number;
  readsPerScan: number;
  /** A partition of the project's scans: the counts add up to `scans`. */
  counts: Record<ProgressStatus, number>;
  /** Scans the suspected-error queue holds (they are also counted in the partition). */
  suspectedErrors: number;
}

/** Labelled, awaiting a read, needing adjudication, unlabelled; and the suspected errors queued. */
export async function getLabelProgress(db: Db, project: ReferenceProject): Promise<LabelProgress> {
  const [references, suspectedErrors] = await Promise.all([
    getScanReferences(db, project),
    countSuspectedErrors(db, project.id),
  ]);
  return {
    scans: references.byScan.size,
    readsPerScan: project.readsPerScan,
    counts: countStatuses(references.byScan.values()),
    suspectedErrors,
  };
}
