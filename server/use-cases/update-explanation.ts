import {
  setExplanationFailed,
  setExplanationRunning,
  setExplanationSucceeded,
  type ExplanationKeyColumns,
} from '@/server/store/explanations';
import type { Db } from '@/server/store/handle';

/** The explanation lifecycle: QUEUED → RUNNING → SUCCEEDED | FAILED (re-requesting queues it again). */
export async function markExplanationRunning(db: Db, key: ExplanationKeyColumns): Promise<void> {
  await setExplanationRunning(db, key);
}

export async function markExplanationSucceeded(
  db: Db,
  key: ExplanationKeyColumns,
  result: { layerName: string; heatmapPath: string },
): Promise<void> {
  await setExplanationSucceeded(db, key, result);
}

export async function markExplanationFailed(db: Db, key: ExplanationKeyColumns, error: string): Promise<void> {
  await setExplanationFailed(db, key, error);
}
