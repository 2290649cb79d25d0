import type PgBoss from 'pg-boss';
import { TRAIN_QUEUE, type TrainJobData } from '@/server/jobs/boss';
import type { SqlPool } from '@/server/store/handle';
import { insertQueuedTrainingJob } from '@/server/store/training-jobs';

export interface RequestTrainingInput {
  projectId: string;
  trigger: 'THRESHOLD' | 'MANUAL';
  requestedById?: string | null;
  /** Training-usable labels at the time of the request (the next threshold counts from here). */
  labelCount: number;
}

/**
 * Queues one training job for a project, exactly once however many app servers ask at
 * the same moment: the TrainingJob row (one open job per project, a partial unique index)
 * and the pg-boss job are written in one transaction. When a job is already queued or
 * running, nothing is added: that run (or the next crossing after it) takes the new labels.
 */
export async function requestTraining(
  deps: { pool: SqlPool; boss: PgBoss },
  input: RequestTrainingInput,
): Promise<{ created: boolean; trainingJobId: string }> {
  return insertQueuedTrainingJob(
    deps.pool,
    {
      projectId: input.projectId,
      trigger: input.trigger,
      requestedById: input.requestedById ?? null,
      labelCount: input.labelCount,
    },
    (trainingJobId, sql) => {
      const data: TrainJobData = { trainingJobId, projectId: input.projectId };
      return deps.boss.send(TRAIN_QUEUE, data, { db: sql });
    },
  );
}
