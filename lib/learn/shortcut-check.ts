import { rocAucOneVsRest } from '@/lib/metrics/roc-auc';
import { softmax } from '@/lib/metrics/calibration';
import { balancedSampleWeights } from './choose-l2';
import { fileTraitLabels, fileTraitNames, type FileTraitName, type FileTraits } from './file-traits';
import { fitLogisticRegression, logisticLogits } from './logistic-regression';

/** Above this cross-validated macro AUC, what should not matter predicts the class. */
export const defaultShortcutAuc = 0.8;

export interface ShortcutFinding {
  /** A trait, or 'all' for every trait together. */
  feature: FileTraitName | 'all';
  /** Out-of-fold macro one-vs-rest ROC AUC of a small classifier that sees only this. */
  auc: number | null;
}

export interface ShortcutReport {
  threshold: number;
  findings: ShortcutFinding[];
  /** The traits whose AUC exceeds the threshold, strongest first. */
  leaking: ShortcutFinding[];
  /** A sentence for a user, or null when nothing leaks. */
  warning: string | null;
}

/**
 * One-hot encoding of a trait fitted on training rows: each distinct value of a categorical
 * trait, or each of up to `bins` quantile bins of a numeric one, is a column. Bins let the
 * classifier catch non-monotonic leaks (one class at exactly 512 px, the others above and below).
 */
function traitEncoder(train: readonly (string | number)[], bins: number): (v: string | number) => number[] {
  if (typeof train[0] === 'string' || train.length === 0) {
    const values = [...new Set(train.map(String))].sort();
    return (v) => values.map((u) => (u === String(v) ? 1 : 0));
  }
  const sorted = (train as number[]).slice().sort((a, b) => a - b);
  const cuts = [
    ...new Set(Array.from({ length: bins - 1 }, (_, b) => sorted[Math.floor(((b + 1) * sorted.length) / bins)])),
  ];
  // A value equal to a frequent cut (e.g. 512) gets a bin of its own, apart from values just above it.
  const edges = cuts.flatMap((c) => [c, c + 1e-9]);
  return (v) => {
    const x = Number(v);
    let bin = 0;
    while (bin < edges.length && x >= edges[bin]) bin++;
    return Array.from({ length: edges.length + 1 }, (_, b) => (b === bin ? 1 : 0));
  };
}

function outOfFoldAuc(
  traits: readonly FileTraits[],
  y: readonly number[],
  classCount: number,
  names: readonly FileTraitName[],
  folds: readonly (readonly number[])[],
): number | null {
  const probabilities: number[][] = new Array(y.length);
  for (const heldOut of folds) {
    const out = new Set(heldOut);
    const trainIdx = y.map((_, i) => i).filter((i) => !out.has(i));
    const encoders = names.map((n) =>
      traitEncoder(
        trainIdx.map((i) => traits[i][n]),
        10,
      ),
    );
    const encode = (i: number) => names.flatMap((n, t) => encoders[t](traits[i][n]));
    const x = Float64Array.from(trainIdx.flatMap(encode));
    const yTrain = trainIdx.map((i) => y[i]);
    const model = fitLogisticRegression(x, yTrain, classCount, {
      l2: 0.01,
      sampleWeights: balancedSampleWeights(yTrain, classCount),
    });
    const logits = logisticLogits(model, Float64Array.from(heldOut.flatMap(encode)));
    heldOut.forEach((i, k) => (probabilities[i] = softmax(logits[k])));
  }
  return rocAucOneVsRest(y, probabilities, classCount).macroAuc;
}

/**
 * Trains a small classifier on what should not matter (image width and height, format,
 * channels, bit depth, file size), each alone and all together, and reports how well each
 * predicts the class out of fold. A high AUC means a model can learn where a file came from
 * instead of what it shows, and that a test set from the same sources will not notice.
 */
export function checkShortcuts(args: {
  traits: readonly FileTraits[];
  y: readonly number[];
  labels: readonly string[];
  folds: readonly (readonly number[])[];
  threshold?: number;
}): ShortcutReport {
  const threshold = args.threshold ?? defaultShortcutAuc;
  const k = args.labels.length;
  const findings: ShortcutFinding[] = fileTraitNames.map((feature) => ({
    feature,
    auc: outOfFoldAuc(args.traits, args.y, k, [feature], args.folds),
  }));
  findings.push({ feature: 'all', auc: outOfFoldAuc(args.traits, args.y, k, fileTraitNames, args.folds) });
  const leaking = findings
    .filter((f) => f.feature !== 'all' && f.auc !== null && f.auc > threshold)
    .sort((a, b) => b.auc! - a.auc!);
  const all = findings[findings.length - 1];
  let warning: string | null = null;
  if (leaking.length > 0) {
    const named = leaking.map((f) => `${fileTraitLabels[f.feature as FileTraitName]} (AUC ${f.auc!.toFixed(2)})`);
    warning =
      `the class can be told from ${named.join(', ')} without looking at the image: ` +
      `a model may learn where the files came from instead of the finding, and a test set from the same sources will not show it`;
  } else if (all.auc !== null && all.auc > threshold) {
    warning =
      `the class can be told from the files' size, format and depth together (AUC ${all.auc.toFixed(2)}) without looking at the image: ` +
      `a model may learn where the files came from instead of the finding`;
  }
  return { threshold, findings, leaking, warning };
}
