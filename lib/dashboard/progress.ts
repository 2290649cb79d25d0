import type { TrainingLabel, TrainingRule } from '@/lib/agreement/training-label';

/** Where a scan stands in labelling; every scan is in exactly one of these. */
export const progressStatuses = ['labelled', 'awaiting-second-read', 'needs-adjudication', 'unlabelled'] as const;
export type ProgressStatus = (typeof progressStatuses)[number];

export const progressStatusNames: Record<ProgressStatus, string> = {
  labelled: 'Labelled',
  'awaiting-second-read': 'Awaiting next read',
  'needs-adjudication': 'Needs adjudication',
  unlabelled: 'Unlabelled',
};

export interface ScanReference {
  status: ProgressStatus;
  /** The label the models train on (adjudication > consensus), when there is one. */
  label: string | null;
  rule: TrainingRule | null;
}

/**
 * A scan's status from its current reads and the training rule's choice: adjudicated or
 * agreed scans are labelled; a scan with fewer reads than the project requires awaits its
 * next read whatever the rule makes of it; the rest need a clinician.
 */
export function scanReference(
  readCount: number,
  readsPerScan: number,
  training: TrainingLabel | undefined,
): ScanReference {
  const trained = training?.status === 'train' ? training : null;
  let status: ProgressStatus;
  if (trained?.rule === 'adjudicated') status = 'labelled';
  else if (readCount === 0) status = 'unlabelled';
  else if (readCount < readsPerScan) status = 'awaiting-second-read';
  else status = trained ? 'labelled' : 'needs-adjudication';
  return { status, label: trained?.label ?? null, rule: trained?.rule ?? null };
}

export function countStatuses(refs: Iterable<ScanReference>): Record<ProgressStatus, number> {
  const counts = Object.fromEntries(progressStatuses.map((s) => [s, 0])) as Record<ProgressStatus, number>;
  for (const r of refs) counts[r.status] += 1;
  return counts;
}
