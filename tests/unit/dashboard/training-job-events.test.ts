import { describe, expect, it } from 'vitest';
import { applyTrainingEvent } from '@/components/dashboard/training-job-events';
import { finishedWorkKey, type TrainingJobView, type TrainingJobsResponse } from '@/lib/dashboard/training-jobs';
import type { ProjectEvent } from '@/lib/events/project-event';

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
    const event: ProjectEvent = {
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

  it('re-reads the list for a job it does not hold', () => {
    expect(applyTrainingEvent(data, { type: 'training.progress', trainingJobId: 'j9', epoch: 1, epochs: 2 })).toBe(
      'refetch',
    );
    expect(
      applyTrainingEvent({ live: null, jobs: data.jobs }, { type: 'training.progress', trainingJobId: 'j2', epoch: 1 }),
    ).toBe('refetch');
  });

  it('re-reads the list when a job starts, adds a version, ends or republishes the queue', () => {
    const events: ProjectEvent[] = [
      { type: 'training.started', trainingJobId: 'j2', attempt: 2 },
      {
        type: 'training.model',
        trainingJobId: 'j2',
        kind: 'CNN',
        versionId: 'v',
        version: 1,
        promoted: true,
        macroF1: 0.7,
      },
      { type: 'training.finished', trainingJobId: 'j2', versions: ['v'], timings: {} },
      { type: 'training.failed', trainingJobId: 'j2', error: 'stalled', final: false },
      { type: 'queue.updated', trainingJobId: 'j2', generation: 2, top: [], versions: [], pending: [] },
    ];
    for (const event of events) expect(applyTrainingEvent(data, event)).toBe('refetch');
  });

  it('ignores events that are not about training', () => {
    expect(
      applyTrainingEvent(data, { type: 'explanation.ready', modelVersionId: 'v', scanId: 's', classIndex: -1 }),
    ).toBeNull();
    expect(
      applyTrainingEvent(data, { type: 'import.progress', batchId: 'b', userId: 'u', done: 1, total: 2, file: 'f' }),
    ).toBeNull();
  });
});

describe('finishedWorkKey: when the dashboard re-reads its models', () => {
  const cnn = (active: boolean) => ({ id: 'v1', kind: 'CNN' as const, version: 1, state: 'READY', active });
  const before: TrainingJobsResponse = { live: null, jobs: [job('j1')] };

  it('changes when a job the page never saw open has finished with a version', () => {
    const done = job('j2', { versions: [cnn(true)] });
    expect(finishedWorkKey({ live: null, jobs: [done, job('j1')] })).not.toBe(finishedWorkKey(before));
  });

  it('changes when a version becomes active mid-job, or a job fails; not with progress alone', () => {
    const open = job('j2', { state: 'RUNNING', versions: [cnn(false)] });
    const key = finishedWorkKey({ live: open, jobs: [open, job('j1')] });
    const progressed = { ...open, progress: { kind: 'CNN' as const, epoch: 2, epochs: 5 } };
    expect(finishedWorkKey({ live: progressed, jobs: [progressed, job('j1')] })).toBe(key);
    const promoted = { ...open, versions: [cnn(true)] };
    expect(finishedWorkKey({ live: promoted, jobs: [promoted, job('j1')] })).not.toBe(key);
    const failed = { ...open, state: 'FAILED' as const };
    expect(finishedWorkKey({ live: null, jobs: [failed, job('j1')] })).not.toBe(key);
  });
});
