import { describe, expect, it } from 'vitest';
import { meanSd } from '@/lib/metrics/mean-sd';
import { shouldPromote } from '@/lib/metrics/promotion';
import { buildClassificationReport, classificationReportSchema } from '@/lib/metrics/report';

describe('promotion gate', () => {
  it('promotes the first version of a kind', () => {
    expect(shouldPromote({ macroF1: 0.4 }, null)).toEqual({ promote: true, reason: 'no-active' });
  });
  it('promotes a candidate that is not worse, and refuses a worse one', () => {
    expect(shouldPromote({ macroF1: 0.8 }, { macroF1: 0.8 })).toEqual({ promote: true, reason: 'not-worse' });
    expect(shouldPromote({ macroF1: 0.79 }, { macroF1: 0.8 })).toEqual({ promote: false, reason: 'worse' });
    expect(shouldPromote({ macroF1: 0.79 }, { macroF1: 0.8 }, { tolerance: 0.02 }).promote).toBe(true);
  });
  it('never replaces a pinned version, and never promotes a NaN score', () => {
    expect(shouldPromote({ macroF1: 0.99 }, { macroF1: 0.5 }, { pinned: true })).toEqual({
      promote: false,
      reason: 'pinned',
    });
    expect(shouldPromote({ macroF1: NaN }, null)).toEqual({ promote: false, reason: 'invalid-score' });
  });
});

describe('classification report', () => {
  const logits = [
    [3, 0],
    [2, 1],
    [0, 2],
    [1, 1.5],
    [0.5, 0],
  ];
  const yTrue = [0, 1, 1, 0, 0];

  it('is JSON-safe and valid against its schema (what a model version stores)', () => {
    const r = buildClassificationReport({
      labels: ['normal', 'hemorrhage'],
      yTrue,
      logits,
      temperature: 1.7,
      normalLabels: ['normal'],
    });
    const roundTrip = classificationReportSchema.parse(JSON.parse(JSON.stringify(r)));
    expect(roundTrip).toEqual(r);
    expect(r.accuracy).toBeCloseTo(3 / 5, 12);
    expect(r.confusionMatrix).toEqual([
      [2, 1],
      [1, 1],
    ]);
    expect(r.lesion.lesionsCalledNormal).toBe(1);
    expect(r.calibration.temperature).toBe(1.7);
    expect(r.calibration.eceAfter).not.toBe(r.calibration.eceBefore);
  });

  it('has equal ECE before and after at temperature 1', () => {
    const r = buildClassificationReport({ labels: ['a', 'b'], yTrue, logits, temperature: 1, normalLabels: [] });
    expect(r.calibration.eceAfter).toBe(r.calibration.eceBefore);
    expect(r.lesion.detectionSensitivity).toBeNull();
  });
});

describe('meanSd', () => {
  it('gives the mean and the sample standard deviation', () => {
    expect(meanSd([2, 4, 4, 4, 5, 5, 7, 9])).toEqual({ mean: 5, sd: expect.closeTo(Math.sqrt(32 / 7), 12), n: 8 });
    expect(meanSd([3])).toEqual({ mean: 3, sd: 0, n: 1 });
    expect(meanSd([]).mean).toBeNaN();
  });
});
