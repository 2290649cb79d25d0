import type { SqlPool } from '@/server/store/handle';
import { setRunningTrainingJobStalled } from '@/server/store/training-jobs';

/**
 * The stall goes onto the RUNNING job and its heartbeat is set far in the past: whichever
 * trainer sweeps next hands the job on at once.
 */
export async function recordTrainingStall(sql: SqlPool, trainingJobId: string, reason: string): Promise<void> {
  await setRunningTrainingJobStalled(sql, trainingJobId, reason);
}
