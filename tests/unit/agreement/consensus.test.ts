import { describe, expect, it } from 'vitest';
import { encodeReads } from '@/lib/agreement/encode';
import { majorityOf, majorityVote } from '@/lib/agreement/majority';
import { chooseTrainingLabel, chooseTrainingLabels } from '@/lib/agreement/training-label';
import type { Read } from '@/lib/agreement/types';

const reads = (...labels: string[]) => labels.map((label, i) => ({ reader: `r${i}`, label }));

describe('majority vote', () => {
  it('finds the winner and flags ties whatever the read order', () => {
    expect(majorityOf(['a', 'b', 'a'])).toEqual({ kind: 'winner', label: 'a', votes: 2, reads: 3 });
    expect(majorityOf(['b', 'a', 'a', 'b'])).toEqual({ kind: 'tie', labels: ['a', 'b'], votes: 2, reads: 4 });
    expect(majorityOf([])).toEqual({ kind: 'none' });
    const table: Read[] = [
      ...['a', 'b', 'b', 'a', 'c', 'c'].map((label, i) => ({ item: 'tie3', reader: `r${i}`, label })),
      ...['a', 'b', 'c', 'c', 'b', 'c'].map((label, i) => ({ item: 'c-wins', reader: `r${i}`, label })),
      { item: 'single', reader: 'r0', label: 'b' },
    ];
    const vote = majorityVote(encodeReads(table));
    expect(Array.from(vote.tie)).toEqual([1, 0, 0]);
    expect(Array.from(vote.label)).toEqual([-1, 2, 1]);
    expect(vote.ties).toBe(1);
    expect(vote.share[1]).toBeCloseTo(0.5, 12);
  });
});

describe('which label trains the models', () => {
  const confident = { label: 'bleed', confidence: 0.97 };
  const unsure = { label: 'bleed', confidence: 0.6 };

  it('an adjudication overrides everything', () => {
    expect(chooseTrainingLabel({ reads: reads('none', 'none'), adjudicated: 'bleed', posterior: confident })).toEqual({
      status: 'train',
      label: 'bleed',
      rule: 'adjudicated',
    });
  });

  it('a confident Dawid–Skene posterior settles three or more human reads, against the majority', () => {
    expect(chooseTrainingLabel({ reads: reads('none', 'none', 'bleed'), posterior: confident })).toMatchObject({
      label: 'bleed',
      rule: 'dawid-skene',
    });
  });

  it('two readers who disagree go to adjudication, however confident the posterior', () => {
    expect(chooseTrainingLabel({ reads: reads('none', 'bleed'), posterior: confident })).toEqual({
      status: 'excluded',
      excluded: 'tie',
      needsAdjudication: true,
    });
    expect(
      chooseTrainingLabel(
        { reads: reads('none', 'bleed'), posterior: { label: 'bleed', confidence: 1 } },
        { threshold: 0.5 },
      ),
    ).toMatchObject({ excluded: 'tie', needsAdjudication: true });
  });

  it('below three reads the posterior is not used: agreeing reads and a single read train as they are', () => {
    expect(
      chooseTrainingLabel({ reads: reads('bleed', 'bleed'), posterior: unsure }, { threshold: 0.9 }),
    ).toMatchObject({
      label: 'bleed',
      rule: 'majority',
    });
    expect(chooseTrainingLabel({ reads: reads('bleed'), posterior: unsure }, { threshold: 0.5 })).toMatchObject({
      rule: 'single',
    });
  });

  it('with three or more reads, a posterior below the threshold excludes the scan and queues it', () => {
    expect(
      chooseTrainingLabel({ reads: reads('bleed', 'bleed', 'none'), posterior: unsure }, { threshold: 0.9 }),
    ).toEqual({ status: 'excluded', excluded: 'low-confidence', needsAdjudication: true });
    expect(
      chooseTrainingLabel({ reads: reads('bleed', 'bleed', 'none'), posterior: unsure }, { threshold: 0.6 }),
    ).toMatchObject({ label: 'bleed', rule: 'dawid-skene' });
  });

  it('an imported label trains only a scan no human has read, and never counts as a read', () => {
    expect(chooseTrainingLabel({ reads: [], prior: 'bleed' })).toEqual({
      status: 'train',
      label: 'bleed',
      rule: 'prior',
    });
    expect(chooseTrainingLabel({ reads: reads('none'), prior: 'bleed' })).toMatchObject({
      label: 'none',
      rule: 'single',
    });
    // A prior does not break a 1-1 disagreement, nor make it a 2-1 majority.
    expect(chooseTrainingLabel({ reads: reads('none', 'bleed'), prior: 'bleed' })).toMatchObject({ excluded: 'tie' });
    const { labels, queue } = chooseTrainingLabels(
      [
        { item: 's1', reader: 'ann', label: 'a' },
        { item: 's1', reader: 'bob', label: 'b' },
      ],
      {
        priors: new Map([
          ['s1', 'a'],
          ['s2', 'b'],
        ]),
      },
    );
    expect(labels.get('s1')).toMatchObject({ excluded: 'tie' });
    expect(labels.get('s2')).toEqual({ status: 'train', label: 'b', rule: 'prior' });
    expect(queue).toHaveLength(1);
    expect(queue[0].reads.map((r) => r.reader)).toEqual(['ann', 'bob']);
  });

  it('without a posterior: majority, tie excluded, single read as it is', () => {
    expect(chooseTrainingLabel({ reads: reads('a', 'b', 'a') })).toMatchObject({ label: 'a', rule: 'majority' });
    expect(chooseTrainingLabel({ reads: reads('a', 'b') })).toMatchObject({ excluded: 'tie', needsAdjudication: true });
    expect(chooseTrainingLabel({ reads: reads('a') })).toMatchObject({ label: 'a', rule: 'single' });
    expect(chooseTrainingLabel({ reads: [] })).toMatchObject({ excluded: 'no-reads', needsAdjudication: false });
  });

  it('rejects a threshold outside (0, 1]', () => {
    expect(() => chooseTrainingLabel({ reads: reads('a') }, { threshold: 1.5 })).toThrow();
  });

  it('builds the adjudication queue with the readers side by side', () => {
    const table: Read[] = [
      { item: 's1', reader: 'ann', label: 'a' },
      { item: 's1', reader: 'bob', label: 'b' },
      { item: 's2', reader: 'ann', label: 'a' },
      { item: 's2', reader: 'bob', label: 'b' },
      { item: 's2', reader: 'bob', label: 'a' },
      { item: 's3', reader: 'ann', label: 'b' },
    ];
    const { labels, queue } = chooseTrainingLabels(table, { adjudications: new Map([['s4', 'a']]) });
    expect(labels.get('s1')).toMatchObject({ excluded: 'tie' });
    expect(labels.get('s2')).toMatchObject({ label: 'a', rule: 'majority' });
    expect(labels.get('s3')).toMatchObject({ label: 'b', rule: 'single' });
    expect(labels.get('s4')).toMatchObject({ label: 'a', rule: 'adjudicated' });
    expect(queue).toEqual([
      {
        item: 's1',
        reason: 'tie',
        reads: [
          { reader: 'ann', label: 'a' },
          { reader: 'bob', label: 'b' },
        ],
      },
    ]);
  });
});
