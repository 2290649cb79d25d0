import { describe, expect, it } from 'vitest';
import { expectedCalibrationError, fitTemperature, negativeLogLikelihood, softmax } from '@/lib/metrics/calibration';
import { createRng } from '@/lib/random';

describe('calibration', () => {
  it('computes ECE over equal-width bins by hand', () => {
    // Confidences 0.9 (right), 0.8 (wrong), 0.7 (right), 0.55 (wrong); 5 bins of width 0.2:
    // (0.8,1]: 1 * |1 - 0.9|; (0.6,0.8]: 2 * |0.5 - 0.75|; (0.4,0.6]: 1 * |0 - 0.55|; over 4.
    const probs = [
      [0.9, 0.1],
      [0.8, 0.2],
      [0.3, 0.7],
      [0.45, 0.55],
    ];
    const { ece, bins } = expectedCalibrationError(probs, [0, 1, 1, 0], 5);
    expect(ece).toBeCloseTo((0.1 + 2 * 0.25 + 0.55) / 4, 12);
    expect(bins.map((b) => b.count)).toEqual([0, 0, 1, 2, 1]);
    expect(bins[3]).toMatchObject({ lower: 0.6, upper: 0.8, confidence: expect.closeTo(0.75, 12), accuracy: 0.5 });
  });

  it('uses 15 bins by default (Guo et al. 2017)', () => {
    expect(expectedCalibrationError([[1, 0]], [0]).bins).toHaveLength(15);
  });

  it('softmax and NLL agree with direct formulas, with temperature', () => {
    const z = [2, 0, -1];
    const p = softmax(z, 2);
    const e = z.map((v) => Math.exp(v / 2));
    const sum = e.reduce((a, b) => a + b, 0);
    p.forEach((v, i) => expect(v).toBeCloseTo(e[i] / sum, 12));
    expect(negativeLogLikelihood([z], [1], 2)).toBeCloseTo(-Math.log(e[1] / sum), 12);
  });

  it('fits the temperature that minimises validation NLL (checked against a fine grid)', () => {
    const rng = createRng(5);
    const logits: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 300; i++) {
      const label = rng.int(3);
      // Overconfident logits: a true signal scaled up, plus noise that is sometimes wrong.
      const z = [0, 1, 2].map((c) => 4 * ((c === label ? 1 : 0) + 0.9 * rng.normal()));
      logits.push(z);
      y.push(label);
    }
    const t = fitTemperature(logits, y);
    let best = { t: 1, nll: Infinity };
    for (let g = 0.05; g <= 20; g += 0.005) {
      const nll = negativeLogLikelihood(logits, y, g);
      if (nll < best.nll) best = { t: g, nll };
    }
    expect(t).toBeGreaterThan(1);
    expect(Math.abs(t - best.t)).toBeLessThan(0.01);
    expect(negativeLogLikelihood(logits, y, t)).toBeLessThanOrEqual(best.nll + 1e-9);
  });

  it('keeps the temperature inside its bounds and is 1 without data', () => {
    expect(fitTemperature([], [])).toBe(1);
    // Separable data: NLL keeps falling as T shrinks, so the fit runs to the small end.
    const t = fitTemperature(
      [
        [2, 0],
        [0, 2],
      ],
      [0, 1],
    );
    expect(t).toBeGreaterThanOrEqual(0.05);
    expect(t).toBeLessThan(0.2);
    expect(
      fitTemperature(
        [
          [0.1, 0],
          [0, 0.1],
          [0.1, 0],
        ],
        [1, 0, 1],
      ),
    ).toBeCloseTo(20, 3);
  });
});
