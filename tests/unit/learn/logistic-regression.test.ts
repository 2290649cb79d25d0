import { describe, expect, it } from 'vitest';
import {
  balancedSampleWeights,
  chooseL2ByCv,
  defaultL2Grid,
  fitStandardisedLogistic,
  PATH_PATIENCE,
} from '@/lib/learn/choose-l2';
import { fitLogisticRegression, logisticLogits } from '@/lib/learn/logistic-regression';
import { fitStandardiser, standardiseRows } from '@/lib/learn/standardise';
import { createRng } from '@/lib/random';

/** Rows of `d` features; feature 0 (and 1) carry the class when informative, the rest are noise. */
function blobs(n: number, d: number, classes: number, separation: number, seed: number) {
  const rng = createRng(seed);
  const rows: Float64Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % classes;
    const r = Float64Array.from({ length: d }, () => rng.normal());
    r[0] += separation * Math.cos((2 * Math.PI * c) / classes);
    r[1] += separation * Math.sin((2 * Math.PI * c) / classes);
    rows.push(r);
    y.push(c);
  }
  return { rows, y };
}

const softmaxRow = (z: number[]) => {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
};

describe('logistic regression', () => {
  // Two classes take an unrolled path of their own: both must reach the same optimum.
  it.each([2, 3])(
    'reaches the optimum with %i classes: the gradient of weighted cross-entropy + l2/2 |W|^2 vanishes there',
    (k) => {
      const { rows, y } = blobs(120, 5, k, 1.5, 1);
      const x = standardiseRows(fitStandardiser(rows), rows);
      const l2 = 0.05;
      const sampleWeights = y.map((_, i) => 1 + (i % 3));
      const total = sampleWeights.reduce((a, b) => a + b, 0);
      const m = fitLogisticRegression(x, y, k, { l2, tolerance: 1e-9, maxIterations: 2000, sampleWeights });
      // The stationarity condition, written out independently of the fitter.
      const gradW = new Float64Array(5 * k);
      const gradB = new Float64Array(k);
      logisticLogits(m, x).forEach((z, i) => {
        const p = softmaxRow(z);
        for (let c = 0; c < k; c++) {
          const r = (sampleWeights[i] * (p[c] - (y[i] === c ? 1 : 0))) / total;
          gradB[c] += r;
          for (let j = 0; j < 5; j++) gradW[j * k + c] += r * x[i * 5 + j];
        }
      });
      for (let p = 0; p < gradW.length; p++) expect(Math.abs(gradW[p] + l2 * m.weights[p])).toBeLessThan(1e-5);
      for (const g of gradB) expect(Math.abs(g)).toBeLessThan(1e-5);
    },
  );

  it('shrinks the weights as the penalty grows, and separates separable classes', () => {
    const { rows, y } = blobs(90, 3, 3, 4, 2);
    const x = standardiseRows(fitStandardiser(rows), rows);
    const norm = (l2: number) => {
      const m = fitLogisticRegression(x, y, 3, { l2 });
      return { norm: Math.hypot(...m.weights), m };
    };
    const strong = norm(1);
    const weak = norm(0.001);
    expect(weak.norm).toBeGreaterThan(3 * strong.norm);
    const hits = logisticLogits(weak.m, x).filter((z, i) => z.indexOf(Math.max(...z)) === y[i]).length;
    expect(hits / y.length).toBeGreaterThan(0.95);
  });

  it('refuses rows that do not match the standardiser', () => {
    const s = fitStandardiser([[1, 2, 3]]);
    expect(() => standardiseRows(s, [[1, 2]])).toThrow(/2 features/);
  });

  it('keeps a constant feature at 0 instead of dividing by zero', () => {
    const s = fitStandardiser([
      [1, 5],
      [3, 5],
    ]);
    expect(Array.from(standardiseRows(s, [[2, 5]]))).toEqual([0, 0]);
  });
});

describe('L2 strength by inner cross-validation', () => {
  const folds = (n: number, k: number) =>
    Array.from({ length: k }, (_, f) => Array.from({ length: n }, (_, i) => i).filter((i) => i % k === f));

  it('penalises hard when only noise is there, and lightly when the classes are clean', () => {
    const noise = blobs(120, 40, 2, 0, 3);
    const clean = blobs(120, 40, 2, 5, 4);
    const chosenNoise = chooseL2ByCv(noise.rows, noise.y, 2, folds(120, 4));
    const chosenClean = chooseL2ByCv(clean.rows, clean.y, 2, folds(120, 4));
    expect(chosenNoise.l2).toBeGreaterThanOrEqual(0.3);
    expect(chosenClean.l2).toBeLessThan(chosenNoise.l2);
    // Each path stops two strengths past its best, and chooses what the whole grid would.
    for (const [data, chosen] of [
      [noise, chosenNoise],
      [clean, chosenClean],
    ] as const) {
      const whole = chooseL2ByCv(data.rows, data.y, 2, folds(120, 4), { patience: Infinity });
      expect(whole.path).toHaveLength(defaultL2Grid.length);
      expect(chosen.l2).toBe(whole.l2);
      expect(chosen.outOfFold).toEqual(whole.outOfFold);
      expect(chosen.path).toEqual(whole.path.slice(0, chosen.path.length));
      const best = chosen.path.findIndex((p) => p.l2 === chosen.l2);
      expect(chosen.path.length).toBe(Math.min(defaultL2Grid.length, best + 1 + PATH_PATIENCE));
    }
    expect(chosenNoise.path.length).toBeLessThan(defaultL2Grid.length);
  });

  it('refits on all rows at the chosen strength and predicts held-out rows well', () => {
    const train = blobs(160, 20, 4, 3, 5);
    const test = blobs(80, 20, 4, 3, 6);
    const fitted = fitStandardisedLogistic(train.rows, train.y, 4, folds(160, 5));
    const z = logisticLogits(fitted.model, standardiseRows(fitted.standardiser, test.rows));
    const hits = z.filter((r, i) => r.indexOf(Math.max(...r)) === test.y[i]).length;
    expect(hits / test.y.length).toBeGreaterThan(0.8);
  });

  it('gives every row the logits of the inner fold that held it out, at the chosen strength', () => {
    const data = blobs(60, 6, 3, 2, 8);
    const inner = folds(60, 3);
    const chosen = chooseL2ByCv(data.rows, data.y, 3, inner, { grid: [0.1] });
    expect(chosen.outOfFold.every((z) => z !== null)).toBe(true);
    // Fold 0 by hand: standardised on the other rows, fitted there, applied to its own rows.
    const out = new Set(inner[0]);
    const kept = data.rows.map((_, i) => i).filter((i) => !out.has(i));
    const s = fitStandardiser(kept.map((i) => data.rows[i]));
    const yKept = kept.map((i) => data.y[i]);
    const model = fitLogisticRegression(
      standardiseRows(
        s,
        kept.map((i) => data.rows[i]),
      ),
      yKept,
      3,
      { l2: 0.1, sampleWeights: balancedSampleWeights(yKept, 3) },
    );
    const z = logisticLogits(
      model,
      standardiseRows(
        s,
        inner[0].map((i) => data.rows[i]),
      ),
    );
    inner[0].forEach((row, j) => z[j].forEach((v, c) => expect(chosen.outOfFold[row]![c]).toBeCloseTo(v, 6)));
    // The refit on every row hands the same held-out logits on.
    const refit = fitStandardisedLogistic(data.rows, data.y, 3, inner, { grid: [0.1] });
    expect(refit.outOfFold).toEqual(chosen.outOfFold);
  });

  it('weights classes so that each counts as much in total', () => {
    const w = balancedSampleWeights([0, 0, 0, 1], 2);
    expect(w).toEqual([4 / 6, 4 / 6, 4 / 6, 2]);
  });
});
