import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '@/lib/imaging/types';
import { ensembleOutcome, mirrorImage } from '@/trainer/compare/ensemble';

const image = (pixels: number[], width: number): DecodedImage => ({
  pixels: Float32Array.from(pixels),
  width,
  height: pixels.length / width,
  modality: 'MR',
  hounsfield: false,
  meta: {},
});

describe('the ensemble column of compare', () => {
  it('mirrors a scan left to right, row by row, and twice gives it back', () => {
    const scan = image([1, 2, 3, 4, 5, 6], 3);
    expect(Array.from(mirrorImage(scan).pixels)).toEqual([3, 2, 1, 6, 5, 4]);
    expect(Array.from(mirrorImage(mirrorImage(scan)).pixels)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(scan.pixels)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("reports the mean of its members' probabilities like a model, at temperature 1", () => {
    // The first member gets scan 0 wrong, the second gets scan 1 wrong; their mean gets both right.
    const members = [
      [
        [0.45, 0.55],
        [0.1, 0.9],
      ],
      [
        [0.8, 0.2],
        [0.6, 0.4],
      ],
    ];
    const outcome = ensembleOutcome({
      members,
      labels: ['normal', 'lesion'],
      normalLabels: ['normal'],
      yTrue: [0, 1],
      seconds: 12,
    });
    expect(outcome.report.accuracy).toBe(1);
    expect(outcome.report.confusionMatrix).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(outcome.report.calibration.temperature).toBe(1);
    // Mean confidences 0.625 and 0.65, both right: ECE is the mean gap to 1.
    expect(outcome.report.calibration.eceAfter).toBeCloseTo((0.375 + 0.35) / 2, 10);
    expect(outcome.trainSeconds).toBe(12);
    expect(Number.isNaN(outcome.epochs)).toBe(true);
  });
});
