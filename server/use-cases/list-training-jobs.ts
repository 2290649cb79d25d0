import { parseProgress, type TrainingJobsResponse, type TrainingJobView } from '@/lib/dashboard/training-jobs';
import type { Db } from '@/server/store/handle';
import { findTrainingJobsWithVersions } from '@/server/store/training-jobs';

/** The training history, newest first, and the open (queued or running) job with its progress. */
export async function listTrainingJobs(db: Db, projectId: string, limit = 20): Promise<TrainingJobsResponse> {
  const rows = await findTrainingJobsWithVersions(db, projectId, limit);
  const jobs: TrainingJobView[] = rows.map((j) => ({
    id: j.id,
    state: j.state,
    trigger: j.trigger,
    requestedBy: j.requestedBy?.name ?? null,
    labelCount: j.labelCount,
    attempts: j.attempts,
    maxAttempts: j.maxAttempts,
    error: j.error,
    queuedAt: j.queuedAt.toISOString(),
    startedAt: j.startedAt?.toISOString() ?? null,
    finishedAt: j.finishedAt?.toISOString() ?? null,
    heartbeatAt: j.heartbeatAt?.toISOString() ?? null,
    progress: parseProgress(j.progress),
    versions: j.modelVersions,
  }));
  return { live: jobs.find((j) => j.state === 'QUEUED' || j.state === 'RUNNING') ?? null, jobs };
}
