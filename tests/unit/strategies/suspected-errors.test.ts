import { describe, expect, it } from 'vitest';
import { isAppError } from '@/lib/errors/app-error';
import { findSuspectedLabelErrors, type LabelledScanScores } from '@/lib/strategies/suspected-errors';
import { LABELS } from './fixtures';

const item = (
  scanId: string,
  consensusLabelIndex: number,
  cnn: number[],
  resnet: number[],
  resnet50?: number[],
): LabelledScanScores => ({
  scanId,
  consensusLabelIndex,
  byModel: {
    CNN: { probabilities: cnn },
    RESNET: { probabilities: resnet },
    ...(resnet50 ? { RESNET50: { probabilities: resnet50 } } : {}),
  },
});

describe('findSuspectedLabelErrors', () => {
  it('flags a label two models confidently contradict, naming labels and models', () => {
    const found = findSuspectedLabelErrors([item('s1', 1, [0.97, 0.03, 0], [0.95, 0.05, 0], [0.2, 0.8, 0])], {
      labels: LABELS,
    });
    expect(found).toEqual([
      {
        scanId: 's1',
        predictedIndex: 0,
        confidence: 0.96,
        reason:
          'labelled meningioma by consensus, but CNN (97%) and RESNET (95%) confidently say glioma; RESNET50 agrees with the label (80%)',
      },
    ]);
  });

  it('needs minModels kinds to agree on the same other class', () => {
    const one = item('s1', 1, [0.97, 0.03, 0], [0.3, 0.7, 0]);
    const split = item('s2', 1, [0.97, 0.03, 0], [0, 0.03, 0.97]);
    expect(findSuspectedLabelErrors([one, split])).toEqual([]);
    expect(findSuspectedLabelErrors([one], { minModels: 1 }).map((s) => s.reason)).toEqual([
      'labelled class 1 by consensus, but CNN (97%) confidently says class 0; RESNET agrees with the label (70%)',
    ]);
  });

  it('counts a model only at or above minConfidence', () => {
    const at = item('at', 2, [0.9, 0.1, 0], [0.9, 0.1, 0]);
    const below = item('below', 2, [0.9, 0.1, 0], [0.89, 0.11, 0]);
    expect(findSuspectedLabelErrors([at, below]).map((s) => s.scanId)).toEqual(['at']);
    expect(findSuspectedLabelErrors([at, below], { minConfidence: 0.8 }).map((s) => s.scanId)).toEqual(['at', 'below']);
  });

  it('leaves labels the models agree with alone', () => {
    expect(findSuspectedLabelErrors([item('ok', 0, [0.99, 0.01], [0.98, 0.02], [0.97, 0.03])])).toEqual([]);
  });

  it('sorts the most confident contradictions first, then by scanId', () => {
    const found = findSuspectedLabelErrors([
      item('b', 1, [0.92, 0.08], [0.92, 0.08]),
      item('c', 1, [0.99, 0.01], [0.97, 0.03]),
      item('a', 1, [0.92, 0.08], [0.92, 0.08]),
    ]);
    expect(found.map((s) => s.scanId)).toEqual(['c', 'a', 'b']);
  });

  it('rejects invalid options with an AppError', () => {
    const attempt = () => findSuspectedLabelErrors([], { minModels: 0 });
    expect(attempt).toThrow(/minModels/);
    try {
      attempt();
    } catch (e) {
      expect(isAppError(e) && e.code).toBe('BAD_REQUEST');
    }
  });
});
