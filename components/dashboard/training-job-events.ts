import { trainingProgressSchema, type TrainingJobView, type TrainingJobsResponse } from '@/lib/dashboard/training-jobs';

/** The trainer's events that change a job's state or versions: the panel reads the list again. */
const LIFECYCLE_EVENTS = new Set([
  'training.started',
  'training.model',
  'training.failed',
  'queue.updated',
  'training.finished',
]);

/**
 * What a project event means for the training jobs panel: the list with the live job's new
 * progress, 'refetch' when the list itself changed (or the event is about a job the panel
 * does not hold yet), or null when it is not about training.
 */
export function applyTrainingEvent(
  data: TrainingJobsResponse,
  event: { type: string; [k: string]: unknown },
): TrainingJobsResponse | 'refetch' | null {
  if (LIFECYCLE_EVENTS.has(event.type)) return 'refetch';
  if (event.type !== 'training.progress') return null;
  const jobId = typeof event.trainingJobId === 'string' ? event.trainingJobId : null;
  const progress = trainingProgressSchema.safeParse(event);
  if (!progress.success || !data.live || data.live.id !== jobId) return 'refetch';
  const running = (j: TrainingJobView): TrainingJobView =>
    j.id === jobId ? { ...j, state: 'RUNNING', progress: progress.data } : j;
  return { live: running(data.live), jobs: data.jobs.map(running) };
}
