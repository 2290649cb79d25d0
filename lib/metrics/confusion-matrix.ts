/**
 * Confusion matrix with rows = true class, columns = predicted class
 * (scikit-learn's convention), so row sums are class supports.
 */
export type ConfusionMatrix = number[][];

export function confusionMatrix(
  yTrue: readonly number[],
  yPred: readonly number[],
  classCount: number,
): ConfusionMatrix {
  if (yTrue.length !== yPred.length) throw new RangeError('yTrue and yPred differ in length');
  const m = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i];
    const p = yPred[i];
    if (!(t >= 0 && t < classCount && p >= 0 && p < classCount))
      throw new RangeError(`class index out of range at ${i}`);
    m[t][p] += 1;
  }
  return m;
}

/** Index of the largest value of each row (first one on ties). */
export function argmaxRows(rows: readonly (readonly number[])[]): number[] {
  return rows.map((r) => {
    let best = 0;
    for (let j = 1; j < r.length; j++) if (r[j] > r[best]) best = j;
    return best;
  });
}
