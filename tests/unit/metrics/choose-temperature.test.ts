import { describe, expect, it } from 'vitest';
import { chooseTemperature, expectedCalibrationError, fitTemperature, softmax } from '@/lib/metrics/calibration';
import { createRng } from '@/lib/random';

/** A small held-out set of 3-class logits: sharp or soft, right or wrong. */
function heldOut(seed: number, n: number) {
  const rng = createRng(seed);
  const logits: number[][] = [];
  const y: number[] = [];
  const scale = 0.5 + 6 * rng.next();
  for (let i = 0; i < n; i++) {
    const c = rng.int(3);
    const guess = rng.next() < 0.75 ? c : rng.int(3);
    logits.push([0, 1, 2].map((k) => (k === guess ? scale : 0) + rng.normal()));
    y.push(c);
  }
  return { logits, y };
}

const ece = (logits: number[][], y: number[], t: number) =>
  expectedCalibrationError(
    logits.map((z) => softmax(z, t)),
    y,
  ).ece;

describe('temperature that never makes calibration worse', () => {
  it('keeps the fitted temperature only when it lowers ECE on the set it was fitted on', () => {
    let kept = 0;
    let refused = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const { logits, y } = heldOut(seed, 30);
      const c = chooseTemperature(logits, y);
      expect(c.fitted).toBeCloseTo(fitTemperature(logits, y), 10);
      expect(ece(logits, y, c.temperature)).toBeLessThanOrEqual(ece(logits, y, 1) + 1e-12);
      if (c.kept) {
        kept++;
        expect(c.temperature).toBe(c.fitted);
      } else {
        refused++;
        expect(c.temperature).toBe(1);
        // Plain temperature scaling would have made these sets worse, or could not pin T down.
        expect(c.atBound || c.eceFitted >= c.eceBefore).toBe(true);
      }
    }
    expect(kept).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses the temperature of a set that is all right by a margin: its fit runs to the edge', () => {
    // Every example right, with margins from 0.5 to 3: NLL keeps falling as T shrinks.
    const rng = createRng(7);
    const logits: number[][] = [];
    const y: number[] = [];
    for (let i = 0; i < 36; i++) {
      const c = i % 4;
      const z = [0, 1, 2, 3].map(() => rng.normal() * 0.2);
      z[c] = Math.max(...z) + 0.5 + 2.5 * rng.next();
      logits.push(z);
      y.push(c);
    }
    const c = chooseTemperature(logits, y);
    expect(c.fitted).toBeLessThan(0.06);
    expect(c.atBound).toBe(true);
    // Its ECE there is lower (every answer right and now near-certain), yet it is not kept.
    expect(c.eceFitted).toBeLessThan(c.eceBefore);
    expect(c.kept).toBe(false);
    expect(c.temperature).toBe(1);
  });

  it('is 1 on an empty set', () => {
    expect(chooseTemperature([], []).temperature).toBe(1);
  });
});
