import { negativeLogLikelihood } from '@/lib/metrics/calibration';
import { fitLogisticRegression, logisticLogits, type LogisticModel } from './logistic-regression';
import { rowSpaceOf } from './row-space';
import { fitStandardiser, standardiseRows, type Standardiser } from './standardise';

/** Strengths tried, strongest first so that each fit starts from the previous one (a path). */
export const defaultL2Grid = [1, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001] as const;

export interface L2Choice {
  l2: number;
  /** Mean held-out log loss of each strength over the inner folds, in grid order. */
  path: { l2: number; logLoss: number }[];
}

export interface StandardisedLogistic {
  standardiser: Standardiser;
  model: LogisticModel;
  choice: L2Choice;
  /**
   * Each row's logits from the inner fold that held it out, at the chosen strength: an honest
   * prediction of every training row (null for a row no fold held out).
   */
  outOfFold: (number[] | null)[];
}

/** Balanced per-example weights (n / (k * n_c)), so that a rare class counts as much as a common one. */
export function balancedSampleWeights(y: readonly number[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const c of y) counts[c]++;
  const present = counts.filter((c) => c > 0).length;
  return y.map((c) => y.length / (present * counts[c]));
}

/**
 * The L2 strength with the lowest mean held-out log loss over `folds` (index lists into rows,
 * e.g. stratified K folds of the training set). Each inner fold standardises on its own
 * training rows, so nothing about the held-out rows leaks into the choice.
 */
export function chooseL2ByCv(
  rows: readonly ArrayLike<number>[],
  y: readonly number[],
  classCount: number,
  folds: readonly (readonly number[])[],
  grid: readonly number[] = defaultL2Grid,
): L2Choice & { outOfFold: (number[] | null)[] } {
  const loss = new Array<number>(grid.length).fill(0);
  const outOfFold = grid.map(() => new Array<number[] | null>(rows.length).fill(null));
  for (const heldOut of folds) {
    const out = new Set(heldOut);
    const trainIdx = rows.map((_, i) => i).filter((i) => !out.has(i));
    const s = fitStandardiser(trainIdx.map((i) => rows[i]));
    let xTrain = standardiseRows(
      s,
      trainIdx.map((i) => rows[i]),
    );
    const yTrain = trainIdx.map((i) => y[i]);
    let xOut = standardiseRows(
      s,
      heldOut.map((i) => rows[i]),
    );
    const d = s.mean.length;
    if (trainIdx.length < d) {
      const space = rowSpaceOf(xTrain, trainIdx.length, d);
      xOut = space.project(xOut);
      xTrain = space.z;
    }
    const yOut = heldOut.map((i) => y[i]);
    const weights = balancedSampleWeights(yTrain, classCount);
    let previous: LogisticModel | undefined;
    grid.forEach((l2, g) => {
      previous = fitLogisticRegression(xTrain, yTrain, classCount, { l2, init: previous, sampleWeights: weights });
      const z = logisticLogits(previous, xOut);
      loss[g] += negativeLogLikelihood(z, yOut) / folds.length;
      heldOut.forEach((row, j) => (outOfFold[g][row] = z[j]));
    });
  }
  let best = 0;
  for (let g = 1; g < grid.length; g++) if (loss[g] < loss[best]) best = g;
  return { l2: grid[best], path: grid.map((l2, g) => ({ l2, logLoss: loss[g] })), outOfFold: outOfFold[best] };
}

/** Standardise on all of `rows`, choose the strength by inner CV, then refit on everything. */
export function fitStandardisedLogistic(
  rows: readonly ArrayLike<number>[],
  y: readonly number[],
  classCount: number,
  innerFolds: readonly (readonly number[])[],
  grid: readonly number[] = defaultL2Grid,
): StandardisedLogistic {
  const { outOfFold, ...choice } = chooseL2ByCv(rows, y, classCount, innerFolds, grid);
  const standardiser = fitStandardiser(rows);
  const x = standardiseRows(standardiser, rows);
  const d = standardiser.mean.length;
  const space = rows.length < d ? rowSpaceOf(x, rows.length, d) : null;
  const fitted = fitLogisticRegression(space ? space.z : x, y, classCount, {
    l2: choice.l2,
    sampleWeights: balancedSampleWeights(y, classCount),
  });
  const model = space ? { ...fitted, features: d, weights: space.lift(fitted.weights, classCount) } : fitted;
  return { standardiser, model, choice, outOfFold };
}

/** Logits of new rows under a fitted standardised logistic regression. */
export function standardisedLogits(m: StandardisedLogistic, rows: readonly ArrayLike<number>[]): number[][] {
  return logisticLogits(m.model, standardiseRows(m.standardiser, rows));
}
