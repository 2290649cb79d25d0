import { parseProgress, type TrainingJobsResponse, type TrainingJobView } from '@/lib/dashboard/training-jobs';
import type { Db } from '@/server/db/client';

/** The training history, newest first, and the open (queued or running) job with its progress. */
export async function listTrainingJobs(db: Db, projectId: string, limit = 20): Promise<TrainingJobsResponse> {
  const rows = await db.trainingJob.findMany({
    where: { projectId },
    orderBy: { queuedAt: 'desc' },
    take: limit,
    include: {
      requestedBy: { select: { name: true } },
      modelVersions: {
        select: { id: true, kind: true, version: true, state: true, active: true },
        orderBy: { kind: 'asc' },
      },
    },
  });
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
