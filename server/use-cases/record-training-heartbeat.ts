import type { SqlPool } from '@/server/store/handle';
import { touchRunningTrainingJob } from '@/server/store/training-jobs';

/**
 * The trainer's watchdog thread keeps a RUNNING job's heartbeat current while it makes
 * progress: other trainers hand on a job whose heartbeat goes quiet.
 */
export async function recordTrainingHeartbeat(sql: SqlPool, trainingJobId: string): Promise<void> {
  await touchRunningTrainingJob(sql, trainingJobId);
}
