/** Per-feature mean and scale, fitted on training rows only and applied to any rows. */
export interface Standardiser {
  mean: Float64Array;
  /** Standard deviation, or 1 for a constant feature (it then stays 0 after centring). */
  scale: Float64Array;
}

export function fitStandardiser(rows: readonly ArrayLike<number>[]): Standardiser {
  const d = rows[0]?.length ?? 0;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += r[j];
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, rows.length);
  for (const r of rows) {
    for (let j = 0; j < d; j++) {
      const c = r[j] - mean[j];
      sq[j] += c * c;
    }
  }
  const scale = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const sd = Math.sqrt(sq[j] / Math.max(1, rows.length));
    scale[j] = sd > 1e-12 ? sd : 1;
  }
  return { mean, scale };
}

/** Rows standardised into one row-major matrix (n x d), the layout the logistic regression reads. */
export function standardiseRows(s: Standardiser, rows: readonly ArrayLike<number>[]): Float64Array {
  const d = s.mean.length;
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => {
    if (r.length !== d) throw new Error(`row ${i} has ${r.length} features, the standardiser ${d}`);
    for (let j = 0; j < d; j++) out[i * d + j] = (r[j] - s.mean[j]) / s.scale[j];
  });
  return out;
}
