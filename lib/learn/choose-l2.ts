import { negativeLogLikelihood } from '@/lib/metrics/calibration';
import { fitLogisticRegression, logisticLogits, type LogisticModel, type RowHelper } from './logistic-regression';
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
 * Held-out losses that rise this many strengths in a row past the best end the path: the loss
 * along a path of weakening penalties falls to one minimum and then climbs (overfitting), and
 * the weakest strengths are the slowest to fit.
 */
export const PATH_PATIENCE = 2;

export interface FitPathOptions {
  /** Strengths tried, strongest first (default defaultL2Grid). */
  grid?: readonly number[];
  /** Rises past the best that end the path (default PATH_PATIENCE; Infinity fits every strength). */
  patience?: number;
  /** Computes part of each fit's rows on another thread. */
  helper?: RowHelper;
}

/**
 * The L2 strength with the lowest mean held-out log loss over `folds` (index lists into rows,
 * e.g. stratified K folds of the training set). Each inner fold standardises on its own
 * training rows, so nothing about the held-out rows leaks into the choice. Strengths are fitted
 * strongest first, each fold starting from its previous fit, and the path ends once the mean
 * held-out loss has risen PATH_PATIENCE times in a row since the best (the path then lists only
 * the strengths fitted).
 */
export function chooseL2ByCv(
  rows: readonly ArrayLike<number>[],
  y: readonly number[],
  classCount: number,
  folds: readonly (readonly number[])[],
  opts: FitPathOptions = {},
): L2Choice & { outOfFold: (number[] | null)[] } {
  const { grid = defaultL2Grid, patience = PATH_PATIENCE, helper } = opts;
  const prepared = folds.map((heldOut) => {
    const out = new Set(heldOut);
    const trainIdx = rows.map((_, i) => i).filter((i) => !out.has(i));
    const s = fitStandardiser(trainIdx.map((i) => rows[i]));
    let xTrain = standardiseRows(
      s,
      trainIdx.map((i) => rows[i]),
    );
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
    const yTrain = trainIdx.map((i) => y[i]);
    return {
      heldOut,
      xTrain,
      yTrain,
      xOut,
      yOut: heldOut.map((i) => y[i]),
      weights: balancedSampleWeights(yTrain, classCount),
      previous: undefined as LogisticModel | undefined,
    };
  });
  const path: { l2: number; logLoss: number }[] = [];
  let best = -1;
  let bestOutOfFold: (number[] | null)[] = [];
  for (const l2 of grid) {
    const outOfFold = new Array<number[] | null>(rows.length).fill(null);
    let loss = 0;
    for (const f of prepared) {
      f.previous = fitLogisticRegression(f.xTrain, f.yTrain, classCount, {
        l2,
        init: f.previous,
        sampleWeights: f.weights,
        helper,
      });
      const z = logisticLogits(f.previous, f.xOut);
      loss += negativeLogLikelihood(z, f.yOut) / folds.length;
      f.heldOut.forEach((row, j) => (outOfFold[row] = z[j]));
    }
    path.push({ l2, logLoss: loss });
    if (best < 0 || loss < path[best].logLoss) {
      best = path.length - 1;
      bestOutOfFold = outOfFold;
    } else if (path.length - 1 - best >= patience) break;
  }
  return { l2: path[best].l2, path, outOfFold: bestOutOfFold };
}

/** Standardise on all of `rows`, choose the strength by inner CV, then refit on everything. */
export function fitStandardisedLogistic(
  rows: readonly ArrayLike<number>[],
  y: readonly number[],
  classCount: number,
  innerFolds: readonly (readonly number[])[],
  opts: FitPathOptions = {},
): StandardisedLogistic {
  const { outOfFold, ...choice } = chooseL2ByCv(rows, y, classCount, innerFolds, opts);
  const standardiser = fitStandardiser(rows);
  const x = standardiseRows(standardiser, rows);
  const d = standardiser.mean.length;
  const space = rows.length < d ? rowSpaceOf(x, rows.length, d) : null;
  const fitted = fitLogisticRegression(space ? space.z : x, y, classCount, {
    l2: choice.l2,
    sampleWeights: balancedSampleWeights(y, classCount),
    helper: opts.helper,
  });
  const model = space ? { ...fitted, features: d, weights: space.lift(fitted.weights, classCount) } : fitted;
  return { standardiser, model, choice, outOfFold };
}

/** Logits of new rows under a fitted standardised logistic regression. */
export function standardisedLogits(m: StandardisedLogistic, rows: readonly ArrayLike<number>[]): number[][] {
  return logisticLogits(m.model, standardiseRows(m.standardiser, rows));
}
