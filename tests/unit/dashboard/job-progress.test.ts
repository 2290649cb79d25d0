import { describe, expect, it } from 'vitest';
import { etaMs, overallFraction, phaseTitle, stepTitle } from '@/lib/dashboard/job-progress';
import { describeReRank } from '@/lib/dashboard/queue-updated';
import { queueUpdatedEventSchema } from '@/lib/events/project-event';

const kinds = ['CNN', 'RESNET'];

describe('a training job’s overall progress', () => {
  it('spans every kind’s epochs, then scoring, in order', () => {
    expect(overallFraction({ kinds, kind: 'CNN', phase: 'train', epoch: 1, epochs: 4 })).toBeCloseTo(0.25 / 3);
    expect(overallFraction({ kinds, kind: 'CNN', phase: 'train', epoch: 4, epochs: 4 })).toBeCloseTo(1 / 3);
    expect(overallFraction({ kinds, kind: 'RESNET', phase: 'train', epoch: 2, epochs: 4 })).toBeCloseTo(1.5 / 3);
    expect(overallFraction({ kinds, kind: 'CNN', phase: 'scoring', batch: 5, batches: 10 })).toBeCloseTo(2.5 / 3);
    expect(overallFraction({ kinds, kind: 'RESNET', phase: 'scoring', batch: 10, batches: 10 })).toBe(1);
    expect(overallFraction(null)).toBeNull();
    expect(overallFraction({ kind: 'CNN', epoch: 1, epochs: 2 })).toBeNull(); // no kinds: unknown whole
    expect(overallFraction({ kinds, kind: 'RESNET50', epoch: 1, epochs: 2 })).toBeNull();
  });

  it('gives a kind fitted without epochs no share, so no time left is guessed from its seconds', () => {
    const order = { kinds: ['RESNET50', 'CNN', 'RESNET'], fitted: ['RESNET50'] };
    expect(overallFraction({ ...order, kind: 'RESNET50', phase: 'head', epoch: 1, epochs: 1 })).toBe(0);
    expect(overallFraction({ ...order, kind: 'RESNET50', phase: 'first ranking', batch: 3, batches: 10 })).toBe(0);
    expect(overallFraction({ ...order, kind: 'CNN', phase: 'train', epoch: 1, epochs: 2 })).toBeCloseTo(0.5 / 3);
    expect(overallFraction({ ...order, kind: 'RESNET', phase: 'train', epoch: 2, epochs: 2 })).toBeCloseTo(2 / 3);
    expect(overallFraction({ ...order, phase: 'scoring', batch: 1, batches: 2 })).toBeCloseTo(2.5 / 3);
    expect(
      etaMs(overallFraction({ ...order, kind: 'RESNET50', phase: 'head' }), '2026-01-01T00:00:00Z', 1e13),
    ).toBeNull();
    // A first ranking by a kind trained by epochs holds at the end of that kind's step.
    expect(overallFraction({ kinds: ['CNN', 'RESNET'], kind: 'CNN', phase: 'first ranking' })).toBeCloseTo(1 / 3);
  });

  it('says which step the job is at, by the kinds’ names, in training order', () => {
    const order = { kinds: ['RESNET50', 'CNN', 'RESNET'], fitted: ['RESNET50'] };
    expect(stepTitle({ ...order, kind: 'CNN', phase: 'train' })).toBe('step 2 of 4 (ResNet50, CNN, ResNet, scoring)');
    expect(stepTitle({ ...order, phase: 'scoring' })).toBe('step 4 of 4 (ResNet50, CNN, ResNet, scoring)');
    expect(stepTitle({ kind: 'CNN', phase: 'train' })).toBeNull();
  });

  it('estimates the time left at the pace so far, and not before there is one', () => {
    const start = '2026-01-01T00:00:00.000Z';
    const t = Date.parse(start);
    expect(etaMs(0.25, start, t + 60_000)).toBe(180_000);
    expect(etaMs(1, start, t + 60_000)).toBe(0);
    expect(etaMs(0.01, start, t + 60_000)).toBeNull();
    expect(etaMs(null, start, t + 60_000)).toBeNull();
    expect(etaMs(0.5, null, t)).toBeNull();
  });

  it('names the phase as it is: scoring is not training', () => {
    expect(phaseTitle({ kind: 'CNN', phase: 'scoring' })).toBe('Scoring scans with the new CNN');
    expect(phaseTitle({ phase: 'scoring' })).toBe('Scoring scans with the new models');
    expect(phaseTitle({ kind: 'RESNET50', phase: 'first ranking' })).toBe(
      'Ranking the queue with the new ResNet50 while the other models train',
    );
    expect(phaseTitle({ kind: 'RESNET50', phase: 'head' })).toBe('Training the ResNet50 head on cached features');
    expect(phaseTitle({ kind: 'RESNET50', phase: 'fine-tune' })).toBe('Fine-tuning the ResNet50 last block');
    expect(phaseTitle({ kind: 'RESNET', phase: 'train' })).toBe('Training the ResNet');
    expect(phaseTitle(null)).toBe('Waiting for the trainer');
  });
});

describe('the queue.updated event', () => {
  it('names the versions that re-ranked the queue', () => {
    const e = queueUpdatedEventSchema.parse({
      type: 'queue.updated',
      generation: 3,
      top: ['s1'],
      versions: [
        { kind: 'CNN', version: 3 },
        { kind: 'RESNET', version: 2 },
        { kind: 'RESNET50', version: 1 },
      ],
    });
    expect(describeReRank(e.versions)).toBe('The review queue was re-ranked by CNN v3, ResNet v2 and ResNet50 v1.');
    expect(describeReRank([{ kind: 'CNN', version: 1 }])).toBe('The review queue was re-ranked by CNN v1.');
    expect(describeReRank([])).toBe('The review queue was re-ranked.');
    // A first ranking while kinds trained from scratch are still to come.
    expect(describeReRank([{ kind: 'RESNET50', version: 1 }], ['CNN', 'RESNET'])).toBe(
      'The review queue was re-ranked by ResNet50 v1; CNN and ResNet are still training, and will re-rank it.',
    );
    expect(describeReRank([{ kind: 'RESNET50', version: 1 }], ['CNN'])).toBe(
      'The review queue was re-ranked by ResNet50 v1; CNN is still training, and will re-rank it.',
    );
    expect(
      queueUpdatedEventSchema.safeParse({
        type: 'queue.updated',
        generation: 1,
        top: [],
        versions: [{ kind: 'X', version: 1 }],
      }).success,
    ).toBe(false);
  });
});
