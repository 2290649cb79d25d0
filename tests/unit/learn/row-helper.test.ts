import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitStandardisedLogistic } from '@/lib/learn/choose-l2';
import { fitLogisticRegression } from '@/lib/learn/logistic-regression';
import { createRng } from '@/lib/random';
import { startRowHelper, type RowHelperThread } from '@/trainer/learn/row-helper';

/** n rows of d features; class c shifts feature c. */
function data(n: number, d: number, k: number, seed: number) {
  const rng = createRng(seed);
  const y = Array.from({ length: n }, (_, i) => i % k);
  const x = new Float64Array(n * d).map(() => rng.normal());
  y.forEach((c, i) => (x[i * d + (c % d)] += 1.5));
  return { x, y, rows: y.map((_, i) => x.subarray(i * d, (i + 1) * d)) };
}

let helper: RowHelperThread | null;
beforeAll(async () => {
  helper = await startRowHelper();
});
afterAll(async () => {
  await helper?.close();
});

describe('the row helper thread', () => {
  it('starts', () => {
    expect(helper).not.toBeNull();
  });

  it.each([2, 3])('fits the same model with %i classes as one thread does', (k) => {
    const { x, y } = data(301, 17, k, k);
    const sampleWeights = y.map((_, i) => 1 + (i % 4));
    const alone = fitLogisticRegression(x, y, k, { l2: 0.01, sampleWeights });
    const shared = fitLogisticRegression(x, y, k, { l2: 0.01, sampleWeights, helper: helper! });
    shared.weights.forEach((w, i) => expect(w).toBeCloseTo(alone.weights[i], 6));
    shared.bias.forEach((b, i) => expect(b).toBeCloseTo(alone.bias[i], 6));
  });

  it('chooses the same strength along the path, fold after fold', () => {
    const { rows, y } = data(240, 12, 2, 9);
    const folds = [0, 1, 2, 3].map((f) => y.map((_, i) => i).filter((i) => i % 4 === f));
    const alone = fitStandardisedLogistic(rows, y, 2, folds);
    const shared = fitStandardisedLogistic(rows, y, 2, folds, { helper: helper! });
    expect(shared.choice.l2).toBe(alone.choice.l2);
    shared.choice.path.forEach((p, i) => expect(p.logLoss).toBeCloseTo(alone.choice.path[i].logLoss, 8));
  });

  it('leaves fits to the calling thread once closed', async () => {
    const own = await startRowHelper();
    await own!.close();
    const { x, y } = data(100, 5, 2, 4);
    const alone = fitLogisticRegression(x, y, 2, { l2: 0.1 });
    const after = fitLogisticRegression(x, y, 2, { l2: 0.1, helper: own! });
    expect(Array.from(after.weights)).toEqual(Array.from(alone.weights));
  });
});
