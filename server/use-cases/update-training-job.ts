import type { JobBaseline } from '@/lib/registry/job-baseline';
import type { Db, JsonInput } from '@/server/store/handle';
import {
  setTrainingJobBaseline,
  setTrainingJobFailed,
  setTrainingJobProgress,
  setTrainingJobRequeued,
  setTrainingJobRunning,
  setTrainingJobSucceeded,
} from '@/server/store/training-jobs';

/**
 * The training-job lifecycle (a typed union in the database: see the guards migration):
 * QUEUED → RUNNING → SUCCEEDED | FAILED, back to QUEUED between retries.
 */
export async function markTrainingJobRunning(db: Db, id: string, workerId: string) {
  return setTrainingJobRunning(db, id, workerId);
}

export async function recordTrainingProgress(db: Db, id: string, progress: JsonInput) {
  await setTrainingJobProgress(db, id, progress);
}

/** The baseline the job's models are reported beside (lib/registry/job-baseline.ts). */
export async function recordTrainingJobBaseline(db: Db, id: string, baseline: JobBaseline) {
  await setTrainingJobBaseline(db, id, baseline as unknown as JsonInput);
}

export async function markTrainingJobSucceeded(db: Db, id: string) {
  await setTrainingJobSucceeded(db, id);
}

/** A failed attempt: back to QUEUED while retries remain (the error kept), else FAILED for good. */
export async function markTrainingJobFailed(db: Db, id: string, error: string, final: boolean) {
  if (final) await setTrainingJobFailed(db, id, error);
  else await setTrainingJobRequeued(db, id, error);
}
