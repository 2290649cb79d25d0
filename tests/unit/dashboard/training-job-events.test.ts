import { describe, expect, it } from 'vitest';
import { applyTrainingEvent } from '@/components/dashboard/training-job-events';
import type { TrainingJobView, TrainingJobsResponse } from '@/lib/dashboard/training-jobs';

const job = (id: string, over: Partial<TrainingJobView> = {}): TrainingJobView => ({
  id,
  state: 'SUCCEEDED',
  trigger: 'THRESHOLD',
  requestedBy: null,
  labelCount: 40,
  attempts: 1,
  maxAttempts: 3,
  error: null,
  queuedAt: '2025-01-01T00:00:00.000Z',
  startedAt: '2025-01-01T00:00:01.000Z',
  finishedAt: null,
  heartbeatAt: null,
  progress: null,
  versions: [],
  ...over,
});

const running = job('j2', { state: 'QUEUED' });
const data: TrainingJobsResponse = { live: running, jobs: [running, job('j1')] };

describe('applyTrainingEvent', () => {
  it('puts a progress event of the live job in place (model kind, epoch, metrics), the rest untouched', () => {
    const event = {
      type: 'training.progress',
      trainingJobId: 'j2',
      kind: 'RESNET50',
      phase: 'fine-tune',
      epoch: 4,
      epochs: 10,
      loss: 0.31,
      metrics: { accuracy: 0.8 },
    };
    const next = applyTrainingEvent(data, event);
    const expected = {
      kind: 'RESNET50',
      phase: 'fine-tune',
      epoch: 4,
      epochs: 10,
      loss: 0.31,
      metrics: { accuracy: 0.8 },
    };
    expect(next).toEqual({
      live: { ...running, state: 'RUNNING', progress: expected },
      jobs: [{ ...running, state: 'RUNNING', progress: expected }, data.jobs[1]],
    });
    expect(data.live?.progress).toBeNull(); // not mutated
  });

  it('re-reads the list for a job it does not hold, and for malformed progress', () => {
    expect(applyTrainingEvent(data, { type: 'training.progress', trainingJobId: 'j9', epoch: 1, epochs: 2 })).toBe(
      'refetch',
    );
    expect(
      applyTrainingEvent({ live: null, jobs: data.jobs }, { type: 'training.progress', trainingJobId: 'j2', epoch: 1 }),
    ).toBe('refetch');
    expect(applyTrainingEvent(data, { type: 'training.progress', trainingJobId: 'j2', epoch: 'three' })).toBe(
      'refetch',
    );
  });

  it('re-reads the list when a job starts, adds a version, ends or republishes the queue', () => {
    for (const type of [
      'training.started',
      'training.model',
      'training.finished',
      'training.failed',
      'queue.updated',
    ]) {
      expect(applyTrainingEvent(data, { type, trainingJobId: 'j2' })).toBe('refetch');
    }
  });

  it('ignores events that are not about training', () => {
    expect(applyTrainingEvent(data, { type: 'explanation.ready', modelVersionId: 'v', scanId: 's' })).toBeNull();
    expect(applyTrainingEvent(data, { type: 'predictions.updated' })).toBeNull();
  });
});
