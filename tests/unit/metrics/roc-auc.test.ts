import { describe, expect, it } from 'vitest';
import { binaryRoc, rocAucOneVsRest } from '@/lib/metrics/roc-auc';

describe('ROC AUC', () => {
  it('matches the scikit-learn documentation example (0.75) with its ROC points', () => {
    const r = binaryRoc([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
    expect(r.auc).toBeCloseTo(0.75, 12);
    expect(r.points.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [1, 1],
    ]);
  });

  it('counts tied scores as one half (average ranks) and joins tied points in one step', () => {
    // positives {0.5, 0.9}, negatives {0.5, 0.5}: pairs 1 + 1 + 0.5 + 0.5 over 4.
    const r = binaryRoc([false, true, false, true], [0.5, 0.5, 0.5, 0.9]);
    expect(r.auc).toBeCloseTo(0.75, 12);
    expect(r.points.map((p) => [p.fpr, p.tpr])).toEqual([
      [0, 0],
      [0, 0.5],
      [1, 1],
    ]);
  });

  it('is undefined (null) without positives or negatives', () => {
    expect(binaryRoc([true, true], [0.2, 0.3]).auc).toBeNull();
  });

  it('averages one-vs-rest AUCs over the classes where they are defined', () => {
    const yTrue = [0, 0, 1, 1, 2];
    const scores = [
      [0.8, 0.1, 0.1],
      [0.3, 0.6, 0.1],
      [0.2, 0.7, 0.1],
      [0.5, 0.4, 0.1],
      [0.1, 0.1, 0.8],
    ];
    const r = rocAucOneVsRest(yTrue, scores, 4);
    // class 0: positives {0.8, 0.3} vs {0.2, 0.5, 0.1}: pairs won 3 + 2 = 5 of 6.
    expect(r.perClass[0].auc).toBeCloseTo(5 / 6, 12);
    // class 1: positives {0.7, 0.4} vs {0.1, 0.6, 0.1}: 3 + 2 = 5 of 6.
    expect(r.perClass[1].auc).toBeCloseTo(5 / 6, 12);
    // class 2: positive {0.8} vs four 0.1s: 1.
    expect(r.perClass[2].auc).toBe(1);
    expect(r.perClass[3].auc).toBeNull();
    expect(r.macroAuc).toBeCloseTo((5 / 6 + 5 / 6 + 1) / 3, 12);
  });
});
