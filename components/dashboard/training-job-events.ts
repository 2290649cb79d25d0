import type { TrainingJobView, TrainingJobsResponse } from '@/lib/dashboard/training-jobs';
import { TRAINING_LIFECYCLE, type ProjectEvent } from '@/lib/events/project-event';

/**
 * What a project event means for the training jobs panel: the list with the live job's new
 * progress, 'refetch' when the list itself changed (or the event is about a job the panel
 * does not hold yet), or null when it is not about training.
 */
export function applyTrainingEvent(
  data: TrainingJobsResponse,
  event: ProjectEvent,
): TrainingJobsResponse | 'refetch' | null {
  if (TRAINING_LIFECYCLE.has(event.type)) return 'refetch';
  if (event.type !== 'training.progress') return null;
  const { type: _type, trainingJobId: jobId, ...progress } = event;
  if (!data.live || data.live.id !== jobId) return 'refetch';
  const running = (j: TrainingJobView): TrainingJobView => (j.id === jobId ? { ...j, state: 'RUNNING', progress } : j);
  return { live: running(data.live), jobs: data.jobs.map(running) };
}
