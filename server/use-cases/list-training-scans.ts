import type { Db } from '@/server/store/handle';
import { findTrainingScans, insertLabelSnapshot } from '@/server/store/training-jobs';
import { computeTrainingLabels } from './compute-training-labels';

export interface TrainingScan {
  id: string;
  contentHash: string;
  previewPath: string;
  split: 'TRAIN' | 'VALIDATION' | 'TEST' | 'POOL';
  label: string;
}

/**
 * Freezes the project's training labels (a LabelSnapshot at the current sequence number)
 * and lists the scans they label. TEST scans are returned for evaluation only: the trainer
 * never trains, stops early or calibrates on them.
 */
export async function listTrainingScans(db: Db, project: { id: string; labels: string[]; consensusThreshold: number }) {
  const chosen = await computeTrainingLabels(db, project);
  const labelled = new Map<string, string>();
  const counts: Record<string, number> = {};
  for (const [scanId, l] of chosen.labels) {
    if (l.status !== 'train') continue;
    labelled.set(scanId, l.label);
    counts[l.rule] = (counts[l.rule] ?? 0) + 1;
    counts[`label:${l.label}`] = (counts[`label:${l.label}`] ?? 0) + 1;
  }
  const scans = await findTrainingScans(db, project.id, [...labelled.keys()]);
  const snapshot = await insertLabelSnapshot(db, {
    projectId: project.id,
    upToSeq: chosen.upToSeq,
    rule: 'adjudicated > dawid-skene (confident) > majority > single',
    itemCount: labelled.size,
    counts,
  });
  const out: TrainingScan[] = scans.map((s) => ({ ...s, label: labelled.get(s.id)! }));
  return { scans: out, snapshot, adjudicationQueue: chosen.queue, usableCount: chosen.usableCount };
}
