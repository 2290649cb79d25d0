import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, logisticLogits } from '@/lib/learn/logistic-regression';
import { rowSpaceOf } from '@/lib/learn/row-space';
import { createRng } from '@/lib/random';

describe('fitting in the span of the training rows', () => {
  it('gives the same logits as fitting on all features when there are fewer rows than features', () => {
    const rng = createRng(7);
    const [n, d, k] = [24, 60, 3];
    const x = Float64Array.from({ length: n * d }, () => rng.normal());
    const y = Array.from({ length: n }, (_, i) => i % k);
    const fresh = Float64Array.from({ length: 5 * d }, () => rng.normal());
    const opts = { l2: 0.05, tolerance: 1e-9, maxIterations: 3000 };
    const direct = fitLogisticRegression(x, y, k, opts);
    const space = rowSpaceOf(x, n, d);
    const reduced = fitLogisticRegression(space.z, y, k, opts);
    const lifted = { ...reduced, features: d, weights: space.lift(reduced.weights, k) };
    const a = logisticLogits(direct, fresh).flat();
    const b = logisticLogits(reduced, space.project(fresh)).flat();
    const c = logisticLogits(lifted, fresh).flat();
    a.forEach((v, i) => {
      expect(b[i]).toBeCloseTo(v, 3);
      expect(c[i]).toBeCloseTo(v, 3);
    });
  });
});
