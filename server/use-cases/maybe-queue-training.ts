import type PgBoss from 'pg-boss';
import type { Db, SqlPool } from '@/server/store/handle';
import { findProjectOrThrow } from '@/server/store/project-views';
import { currentTrainingLabels } from './compute-training-labels';
import { requestTraining } from './request-training';

/**
 * Called after labels are committed: when the training-usable labels added since the last
 * queued training reach the project's threshold, queue one training job (exactly once,
 * see requestTraining). Returns what it decided, for logs and tests.
 */
export async function maybeQueueTraining(
  deps: { db: Db; pool: SqlPool; boss: PgBoss },
  projectId: string,
): Promise<{ queued: boolean; usable: number; sinceLast: number; threshold: number; trainingJobId?: string }> {
  const project = await findProjectOrThrow(deps.db, projectId);
  const { usableCount } = await currentTrainingLabels(deps.db, project);
  const sinceLast = usableCount - project.labelsAtLastTraining;
  const base = { usable: usableCount, sinceLast, threshold: project.retrainThreshold };
  if (sinceLast < project.retrainThreshold) return { queued: false, ...base };
  const r = await requestTraining(deps, { projectId, trigger: 'THRESHOLD', labelCount: usableCount });
  return { queued: r.created, trainingJobId: r.trainingJobId, ...base };
}
