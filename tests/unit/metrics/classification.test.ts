import { describe, expect, it } from 'vitest';
import { classificationScores } from '@/lib/metrics/classification';
import { argmaxRows, confusionMatrix } from '@/lib/metrics/confusion-matrix';

// Hand-computed table: rows true, columns predicted.
//          pred0 pred1 pred2
// true0      2     1     0
// true1      0     2     1
// true2      1     0     3
const yTrue = [0, 0, 0, 1, 1, 1, 2, 2, 2, 2];
const yPred = [0, 1, 0, 1, 2, 1, 2, 0, 2, 2];

describe('confusion matrix and classification scores', () => {
  it('counts rows as true classes and columns as predictions', () => {
    expect(confusionMatrix(yTrue, yPred, 3)).toEqual([
      [2, 1, 0],
      [0, 2, 1],
      [1, 0, 3],
    ]);
  });

  it('gives the hand-computed accuracy, per-class precision/recall/F1 and macro F1', () => {
    const s = classificationScores(confusionMatrix(yTrue, yPred, 3));
    expect(s.accuracy).toBeCloseTo(0.7, 12);
    expect(s.perClass.map((c) => c.precision)).toEqual([2 / 3, 2 / 3, 3 / 4].map((v) => expect.closeTo(v, 12)));
    expect(s.perClass.map((c) => c.recall)).toEqual([2 / 3, 2 / 3, 3 / 4].map((v) => expect.closeTo(v, 12)));
    expect(s.perClass.map((c) => c.f1)).toEqual([2 / 3, 2 / 3, 3 / 4].map((v) => expect.closeTo(v, 12)));
    expect(s.perClass.map((c) => c.support)).toEqual([3, 3, 4]);
    expect(s.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 3 / 4) / 3, 12);
  });

  it('scores a class that is never predicted as 0 precision (scikit-learn zero_division=0)', () => {
    const s = classificationScores(confusionMatrix([0, 1, 1], [1, 1, 1], 2));
    expect(s.perClass[0]).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(s.perClass[1].precision).toBeCloseTo(2 / 3, 12);
    expect(s.macroF1).toBeCloseTo((0 + 0.8) / 2, 12);
  });

  it('rejects out-of-range classes and mismatched lengths', () => {
    expect(() => confusionMatrix([0, 3], [0, 0], 3)).toThrow(RangeError);
    expect(() => confusionMatrix([0], [0, 1], 3)).toThrow(RangeError);
  });

  it('argmax takes the first of tied maxima', () => {
    expect(
      argmaxRows([
        [0.2, 0.5, 0.3],
        [0.4, 0.4, 0.2],
      ]),
    ).toEqual([1, 0]);
  });
});
