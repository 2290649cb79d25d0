import { describe, expect, it } from 'vitest';
import { isExplanationEvent, projectEventSchema } from '@/lib/events/project-event';
import { crossProcessEventSchema } from '@/server/events/notify';

/** One of each event the trainer or the app sends, as it sends it. */
const sent = [
  { type: 'training.started', trainingJobId: 'j', attempt: 1 },
  { type: 'training.progress', trainingJobId: 'j', kind: 'CNN', phase: 'train', epoch: 1, epochs: 4, batch: 3 },
  {
    type: 'training.model',
    trainingJobId: 'j',
    kind: 'RESNET50',
    versionId: 'v',
    version: 2,
    promoted: false,
    macroF1: 0.61,
  },
  { type: 'training.failed', trainingJobId: 'j', error: 'Not enough labels to train', final: true },
  {
    type: 'queue.updated',
    trainingJobId: 'j',
    generation: 4,
    top: ['s1'],
    versions: [{ kind: 'RESNET50', version: 3 }],
    pending: ['CNN', 'RESNET'],
  },
  { type: 'queue.updated', trainingJobId: 'j', generation: 5, top: ['s1'], versions: [], pending: [] },
  { type: 'training.finished', trainingJobId: 'j', versions: ['v'], timings: { loadMs: 12 } },
  { type: 'import.progress', batchId: 'b', userId: 'u', done: 3, total: 10, file: 'a.dcm' },
  { type: 'import.finished', batchId: 'b', userId: 'u', imported: 8, duplicate: 1, rejected: 1 },
  { type: 'explanation.ready', modelVersionId: 'v', scanId: 's', classIndex: 2 },
  { type: 'explanation.failed', modelVersionId: 'v', scanId: 's', classIndex: -1, error: 'no artifact' },
] as const;

describe('project events', () => {
  it('parses every event that is sent, unchanged', () => {
    for (const e of sent) expect(projectEventSchema.parse(e)).toEqual(e);
    expect(new Set(sent.map((e) => e.type)).size).toBe(projectEventSchema.options.length);
  });

  it('refuses types nobody sends and events missing what their listeners read', () => {
    expect(projectEventSchema.safeParse({ type: 'predictions.updated' }).success).toBe(false);
    expect(projectEventSchema.safeParse({ type: 'training.model', trainingJobId: 'j', kind: 'CNN' }).success).toBe(
      false,
    );
    expect(
      projectEventSchema.safeParse({
        type: 'queue.updated',
        generation: 1,
        top: [],
        versions: [{ kind: 'cnn', version: 1 }],
      }).success,
    ).toBe(false);
    expect(
      projectEventSchema.safeParse({ type: 'import.progress', batchId: 'b', userId: 'u', done: -1, total: 1, file: '' })
        .success,
    ).toBe(false);
  });

  it('gives an explanation event without a class the predicted class (-1)', () => {
    const e = projectEventSchema.parse({ type: 'explanation.ready', modelVersionId: 'v', scanId: 's' });
    expect(e).toEqual({ type: 'explanation.ready', modelVersionId: 'v', scanId: 's', classIndex: -1 });
    expect(isExplanationEvent(e)).toBe(true);
    expect(isExplanationEvent(projectEventSchema.parse(sent[0]))).toBe(false);
  });

  it('is what a NOTIFY payload must carry to be relayed', () => {
    expect(crossProcessEventSchema.safeParse({ projectId: 'p', event: sent[4] }).success).toBe(true);
    expect(crossProcessEventSchema.safeParse({ projectId: 'p', event: { type: 'test.round', round: 1 } }).success).toBe(
      false,
    );
  });
});
