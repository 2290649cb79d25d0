import { describe, expect, it } from 'vitest';
import { labelsToReach, labelsToStayAtOrAbove, meanCurve, meanSd, type CurvePoint } from '@/lib/simulation/curves';
import type { SimulationPoint } from '@/lib/simulation/schemas';

const curve = (pairs: [number, number][]): CurvePoint[] =>
  pairs.map(([labels, mean], round) => ({ round, labels, mean, sd: 0, n: 1 }));
const point = (
  strategy: string,
  seed: number,
  round: number,
  macroF1: number,
  lesion: number | null = 0.5,
): SimulationPoint => ({
  strategy,
  seed,
  round,
  labels: 50 + 50 * round,
  macroF1,
  accuracy: macroF1,
  lesionSensitivity: lesion,
});

describe('meanSd', () => {
  it('gives the mean and the sample standard deviation', () => {
    const s = meanSd([1, 2, 3, 4]);
    expect(s.mean).toBe(2.5);
    expect(s.sd).toBeCloseTo(Math.sqrt(5 / 3), 12);
    expect(s.n).toBe(4);
  });

  it('has sd 0 for one value and a NaN mean for none', () => {
    expect(meanSd([0.7])).toEqual({ mean: 0.7, sd: 0, n: 1 });
    expect(meanSd([]).mean).toBeNaN();
  });
});

describe('meanCurve', () => {
  it('averages each round over seeds, in round order, for one strategy only', () => {
    const points = [
      point('entropy', 2, 1, 0.8),
      point('entropy', 1, 0, 0.5),
      point('entropy', 2, 0, 0.7),
      point('entropy', 1, 1, 0.6),
      point('random', 1, 0, 0.1),
    ];
    const c = meanCurve(points, 'entropy', 'macroF1');
    expect(c.map((p) => [p.round, p.labels, p.n])).toEqual([
      [0, 50, 2],
      [1, 100, 2],
    ]);
    expect(c[0].mean).toBeCloseTo(0.6, 12);
    expect(c[0].sd).toBeCloseTo(Math.sqrt(0.02), 12);
    expect(c[1].mean).toBeCloseTo(0.7, 12);
  });

  it('leaves out null values (no lesion sensitivity) instead of counting them as 0', () => {
    const c = meanCurve([point('bald', 1, 0, 0.5, null), point('bald', 2, 0, 0.5, 0.9)], 'bald', 'lesionSensitivity');
    expect(c).toEqual([{ round: 0, labels: 50, mean: 0.9, sd: 0, n: 1 }]);
  });
});

describe('labelsToReach', () => {
  const rising = curve([
    [50, 0.6],
    [100, 0.7],
    [150, 0.8],
  ]);

  it('interpolates linearly between the last point below and the first at or above', () => {
    expect(labelsToReach(rising, 0.75)).toBeCloseTo(125, 9);
    expect(labelsToReach(rising, 0.7)).toBe(100);
    expect(labelsToReach(rising, 0.8)).toBe(150);
  });

  it("gives the first point's labels when the curve starts at or above the target", () => {
    expect(labelsToReach(rising, 0.6)).toBe(50);
    expect(labelsToReach(rising, 0.2)).toBe(50);
  });

  it('is null when the curve never gets there', () => {
    expect(labelsToReach(rising, 0.81)).toBeNull();
    expect(labelsToReach([], 0.5)).toBeNull();
  });

  it('takes the first crossing of a curve that dips again', () => {
    const bumpy = curve([
      [50, 0.6],
      [100, 0.8],
      [150, 0.7],
      [200, 0.9],
    ]);
    expect(labelsToReach(bumpy, 0.75)).toBeCloseTo(87.5, 9);
  });
});

describe('labelsToStayAtOrAbove', () => {
  it('starts where the last run at or above the target begins', () => {
    const bumpy = curve([
      [50, 0.6],
      [100, 0.8],
      [150, 0.7],
      [200, 0.9],
    ]);
    expect(labelsToStayAtOrAbove(bumpy, 0.75)).toBeCloseTo(162.5, 9);
  });

  it('equals the first reach on a rising curve, the first labels when never below, null when it ends below', () => {
    const rising = curve([
      [50, 0.6],
      [100, 0.7],
      [150, 0.8],
    ]);
    expect(labelsToStayAtOrAbove(rising, 0.75)).toBeCloseTo(125, 9);
    expect(labelsToStayAtOrAbove(rising, 0.5)).toBe(50);
    expect(
      labelsToStayAtOrAbove(
        curve([
          [50, 0.9],
          [100, 0.6],
        ]),
        0.8,
      ),
    ).toBeNull();
    expect(labelsToStayAtOrAbove([], 0.5)).toBeNull();
  });
});
