import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors/app-error';
import type { Annotation } from '@/lib/labels/annotation';
import {
  REFERENCE_CHAIN,
  chainHead,
  chainRows,
  currentReads,
  readChainKey,
  readCount,
  undoValue,
} from '@/lib/labels/chains';
import { planAnnotation, type PlanInput } from '@/lib/labels/plan-annotation';
import { canSeeOthers } from '@/lib/labels/visibility';
import { predictedLabels } from '@/lib/labels/label-set';
import { annotationRow } from '../../helpers/realtime-rows';

/** Pure rules of lib/labels (no database): chains, undo, planning, blind mode. */
const row = (p: Partial<Annotation> & Pick<Annotation, 'authorId'>) => annotationRow(p);
const v = (...labels: string[]) => ({ labels });
const project = { labels: ['a', 'b', 'c'], task: 'MULTICLASS' as const, blindMode: true, readsPerScan: 2 };

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return isAppError(e) ? e.code : 'not-app-error';
  }
}

describe('chains', () => {
  it('finds each reader’s head and counts non-retracted reads, never the reference', () => {
    const a1 = row({ authorId: 'ann' });
    const a2 = row({ authorId: 'ann', action: 'CORRECT', value: v('b'), supersedesId: a1.id });
    const b1 = row({ authorId: 'ben', value: v('c') });
    const b2 = row({ authorId: 'ben', action: 'UNDO', value: null, supersedesId: b1.id });
    const ref = row({ authorId: 'cli', source: 'ADJUDICATION', action: 'ADJUDICATE', value: v('b') });
    const rows = [a1, a2, b1, b2, ref];
    expect(chainHead(rows, readChainKey('ann'))?.id).toBe(a2.id);
    expect(chainRows(rows, readChainKey('ann')).map((r) => r.id)).toEqual([a1.id, a2.id]);
    expect(readCount(rows)).toBe(1);
    expect(currentReads(rows).map((r) => [r.authorId, r.labels])).toEqual([['ann', ['b']]]);
    expect(chainHead(rows, REFERENCE_CHAIN)?.value).toEqual(v('b'));
  });

  it('undo walks back through the history; undo after undo goes further back', () => {
    const x = { action: 'LABEL' as const, value: v('a') };
    const y = { action: 'CORRECT' as const, value: v('b') };
    const z = { action: 'CORRECT' as const, value: v('c') };
    expect(undoValue([x])).toBeNull();
    expect(undoValue([x, y])).toEqual(v('a'));
    expect(undoValue([x, y, z, { action: 'UNDO', value: v('b') }])).toEqual(v('a'));
    expect(undoValue([x, { action: 'UNDO', value: null }])).toBeUndefined();
    expect(undoValue([])).toBeUndefined();
  });
});

describe('planAnnotation', () => {
  const base = (over: Partial<PlanInput>): PlanInput => ({
    intent: { kind: 'label', labels: ['a'] },
    supersedesId: null,
    rows: [],
    user: { id: 'ann', role: 'ANNOTATOR' },
    project,
    prediction: null,
    ...over,
  });

  it('a first label is LABEL, a change of one’s own read is CORRECT naming the head', () => {
    expect(planAnnotation(base({}))).toMatchObject({
      source: 'HUMAN',
      action: 'LABEL',
      supersedesId: null,
      value: v('a'),
    });
    const first = row({ authorId: 'ann' });
    expect(
      planAnnotation(base({ rows: [first], supersedesId: first.id, intent: { kind: 'label', labels: ['b'] } })),
    ).toMatchObject({ action: 'CORRECT', supersedesId: first.id });
  });

  it('another reader’s rows do not make a reader’s first label stale', () => {
    const other = row({ authorId: 'ben' });
    expect(planAnnotation(base({ rows: [other] })).action).toBe('LABEL');
  });

  it('refuses a stale edit, foreign labels, two labels for multiclass, and adjudication by an annotator', () => {
    const first = row({ authorId: 'ann' });
    const second = row({ authorId: 'ann', action: 'CORRECT', supersedesId: first.id });
    expect(code(() => planAnnotation(base({ rows: [first, second], supersedesId: first.id })))).toBe('STALE');
    expect(code(() => planAnnotation(base({ rows: [first], supersedesId: null })))).toBe('STALE');
    expect(code(() => planAnnotation(base({ intent: { kind: 'label', labels: ['zzz'] } })))).toBe('BAD_REQUEST');
    expect(code(() => planAnnotation(base({ intent: { kind: 'label', labels: ['a', 'b'] } })))).toBe('BAD_REQUEST');
    expect(code(() => planAnnotation(base({ intent: { kind: 'adjudicate', labels: ['a'] } })))).toBe('FORBIDDEN');
    expect(
      planAnnotation(base({ user: { id: 'cli', role: 'CLINICIAN' }, intent: { kind: 'adjudicate', labels: ['a'] } })),
    ).toMatchObject({ source: 'ADJUDICATION', action: 'ADJUDICATE' });
  });

  it('accepts the predicted class, refuses a reject that repeats it, and hides predictions while blind', () => {
    const prediction = { id: 'p1', probabilities: [0.1, 0.7, 0.2] };
    const mine = row({ authorId: 'ann', value: v('c') });
    const accept = planAnnotation(
      base({ rows: [mine], supersedesId: mine.id, prediction, intent: { kind: 'accept', predictionId: 'p1' } }),
    );
    expect(accept).toMatchObject({
      source: 'PREDICTION_ACCEPTED',
      action: 'ACCEPT_PREDICTION',
      value: v('b'),
      predictionId: 'p1',
    });
    expect(
      code(() =>
        planAnnotation(
          base({
            rows: [mine],
            supersedesId: mine.id,
            prediction,
            intent: { kind: 'reject', predictionId: 'p1', labels: ['b'] },
          }),
        ),
      ),
    ).toBe('BAD_REQUEST');
    expect(
      planAnnotation(
        base({
          rows: [mine],
          supersedesId: mine.id,
          prediction,
          intent: { kind: 'reject', predictionId: 'p1', labels: ['a'] },
        }),
      ).action,
    ).toBe('REJECT_PREDICTION');
    // Blind and not yet read: the prediction may not be used.
    expect(code(() => planAnnotation(base({ prediction, intent: { kind: 'accept', predictionId: 'p1' } })))).toBe(
      'FORBIDDEN',
    );
    expect(
      code(() =>
        planAnnotation(
          base({
            rows: [mine],
            supersedesId: mine.id,
            prediction: null,
            intent: { kind: 'accept', predictionId: 'p1' },
          }),
        ),
      ),
    ).toBe('NOT_FOUND');
  });

  it('multilabel predictions stand for every label at p >= 0.5', () => {
    expect(predictedLabels([0.6, 0.2, 0.9], { labels: ['a', 'b', 'c'], task: 'MULTILABEL' })).toEqual(['a', 'c']);
    expect(predictedLabels([0.1, 0.2, 0.3], { labels: ['a', 'b', 'c'], task: 'MULTILABEL' })).toEqual(['c']);
  });
});

describe('blind mode visibility', () => {
  const v0 = { blindMode: true, authored: false, role: 'ANNOTATOR' as const, readCount: 1, readsPerScan: 2 };
  it.each([
    ['off', { ...v0, blindMode: false }, true],
    ['not read yet', v0, false],
    ['read it', { ...v0, authored: true }, true],
    ['clinician, reads incomplete', { ...v0, role: 'CLINICIAN' as const }, false],
    ['clinician, reads complete', { ...v0, role: 'CLINICIAN' as const, readCount: 2 }, true],
    ['annotator, reads complete', { ...v0, readCount: 2 }, false],
  ])('%s', (_name, input, visible) => {
    expect(canSeeOthers(input)).toBe(visible);
  });
});
