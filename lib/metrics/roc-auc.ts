export interface RocPoint {
  /** Scores >= threshold are called positive. */
  threshold: number;
  fpr: number;
  tpr: number;
}

export interface BinaryRoc {
  /** null when the positives or the negatives are empty (AUC undefined). */
  auc: number | null;
  points: RocPoint[];
}

/**
 * ROC AUC as the Mann-Whitney statistic with average ranks, so tied scores count one half
 * (equal to the trapezoidal area under the ROC curve whose tied points are joined).
 */
export function binaryRoc(isPositive: readonly boolean[], scores: readonly number[]): BinaryRoc {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a]);
  const pos = isPositive.filter(Boolean).length;
  const neg = n - pos;
  const points: RocPoint[] = [{ threshold: Infinity, fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  let rankSumPos = 0;
  for (let start = 0; start < n;) {
    let end = start;
    while (end + 1 < n && scores[order[end + 1]] === scores[order[start]]) end++;
    // Ranks counted from the lowest score: positions start..end (descending) share one average rank.
    const avgRank = n - (start + end) / 2;
    for (let i = start; i <= end; i++) {
      if (isPositive[order[i]]) {
        tp++;
        rankSumPos += avgRank;
      } else fp++;
    }
    points.push({ threshold: scores[order[start]], fpr: neg ? fp / neg : 0, tpr: pos ? tp / pos : 0 });
    start = end + 1;
  }
  const auc = pos && neg ? (rankSumPos - (pos * (pos + 1)) / 2) / (pos * neg) : null;
  return { auc, points };
}

export interface OneVsRestAuc {
  perClass: BinaryRoc[];
  /** Mean of the defined per-class AUCs; null when none is defined. */
  macroAuc: number | null;
}

/** One-vs-rest ROC for each class from per-class scores (probabilities). */
export function rocAucOneVsRest(
  yTrue: readonly number[],
  scores: readonly (readonly number[])[],
  classCount: number,
): OneVsRestAuc {
  const perClass: BinaryRoc[] = [];
  for (let c = 0; c < classCount; c++) {
    perClass.push(
      binaryRoc(
        yTrue.map((y) => y === c),
        scores.map((s) => s[c]),
      ),
    );
  }
  const defined = perClass.map((r) => r.auc).filter((a): a is number => a !== null);
  return { perClass, macroAuc: defined.length ? defined.reduce((a, b) => a + b, 0) / defined.length : null };
}
