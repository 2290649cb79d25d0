import { findExplanationJob, type ExplanationKeyColumns } from '@/server/store/explanations';
import type { Db } from '@/server/store/handle';

/**
 * What the trainer needs to compute an explanation: its state, its version's artifact and its
 * scan's preview. Null when the explanation (its version or its scan) is gone.
 */
export function getExplanationJob(db: Db, key: ExplanationKeyColumns) {
  return findExplanationJob(db, key);
}
