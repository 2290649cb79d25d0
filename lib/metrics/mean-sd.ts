export interface MeanSd {
  mean: number;
  /** Sample standard deviation (n - 1); 0 for a single value. */
  sd: number;
  n: number;
}

/** Mean and sample standard deviation, e.g. of a metric over cross-validation folds or seeds. */
export function meanSd(values: readonly number[]): MeanSd {
  const n = values.length;
  const mean = n ? values.reduce((a, b) => a + b, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}
