import type { ConfusionMatrix } from './confusion-matrix';

export interface ClassScores {
  precision: number;
  recall: number;
  f1: number;
  /** Number of true examples of the class (row sum). */
  support: number;
}

export interface ClassificationScores {
  accuracy: number;
  perClass: ClassScores[];
  macroPrecision: number;
  macroRecall: number;
  /** Unweighted mean of per-class F1 over every class (absent classes count as 0, as in scikit-learn). */
  macroF1: number;
}

/** A ratio that is 0 when nothing was counted (scikit-learn's zero_division=0). */
const safeRatio = (num: number, den: number): number => (den === 0 ? 0 : num / den);

export function classificationScores(m: ConfusionMatrix): ClassificationScores {
  const k = m.length;
  let total = 0;
  let correct = 0;
  const perClass: ClassScores[] = [];
  for (let c = 0; c < k; c++) {
    const tp = m[c][c];
    let support = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      support += m[c][j];
      predicted += m[j][c];
    }
    total += support;
    correct += tp;
    const precision = safeRatio(tp, predicted);
    const recall = safeRatio(tp, support);
    perClass.push({ precision, recall, f1: safeRatio(2 * precision * recall, precision + recall), support });
  }
  const mean = (f: (s: ClassScores) => number) =>
    safeRatio(
      perClass.reduce((a, s) => a + f(s), 0),
      k,
    );
  return {
    accuracy: safeRatio(correct, total),
    perClass,
    macroPrecision: mean((s) => s.precision),
    macroRecall: mean((s) => s.recall),
    macroF1: mean((s) => s.f1),
  };
}
