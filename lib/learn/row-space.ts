/**
 * With fewer examples than features (600 scans, 2048 features), an L2-penalised linear model's
 * weights lie in the span of the training rows. With K = X X^T = L L^T (Cholesky), Q = X^T L^-T
 * has orthonormal columns, so fitting on Z = X Q = L (n x n) with W = Q W' gives the same
 * objective, |W| = |W'|, at a fraction of the cost. New rows map to z = L^-1 X x.
 */
export interface RowSpace {
  /** Training rows in the basis (row-major n x n). */
  z: Float64Array;
  rank: number;
  /** Rows of the original space (row-major m x d) in the basis (m x n). */
  project(rows: Float64Array): Float64Array;
  /** Weights in the basis (n x k, row-major) back to the original space (d x k). */
  lift(weights: Float64Array, classes: number): Float64Array;
}

export function rowSpaceOf(x: Float64Array, n: number, d: number): RowSpace {
  const k = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      const a = i * d;
      const b = j * d;
      for (let t = 0; t < d; t++) s += x[a + t] * x[b + t];
      k[i * n + j] = s;
      k[j * n + i] = s;
    }
  }
  // Centred rows make K singular; a tiny ridge keeps the factorisation defined without changing the fit.
  let trace = 0;
  for (let i = 0; i < n; i++) trace += k[i * n + i];
  const jitter = 1e-6 * Math.max(trace / n, 1e-12);
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = k[i * n + j] + (i === j ? jitter : 0);
      for (let t = 0; t < j; t++) s -= l[i * n + t] * l[j * n + t];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(s, jitter)) : s / l[j * n + j];
    }
  }
  return {
    z: l,
    rank: n,
    project(rows) {
      const m = rows.length / d;
      const out = new Float64Array(m * n);
      const kx = new Float64Array(n);
      for (let r = 0; r < m; r++) {
        const a = r * d;
        for (let i = 0; i < n; i++) {
          let s = 0;
          const b = i * d;
          for (let t = 0; t < d; t++) s += x[b + t] * rows[a + t];
          kx[i] = s;
        }
        // Forward substitution: L z = X x.
        for (let i = 0; i < n; i++) {
          let s = kx[i];
          for (let t = 0; t < i; t++) s -= l[i * n + t] * out[r * n + t];
          out[r * n + i] = s / l[i * n + i];
        }
      }
      return out;
    },
    lift(weights, classes) {
      // M = L^-T W' (back substitution), then W = X^T M.
      const mm = new Float64Array(n * classes);
      for (let c = 0; c < classes; c++) {
        for (let i = n - 1; i >= 0; i--) {
          let s = weights[i * classes + c];
          for (let t = i + 1; t < n; t++) s -= l[t * n + i] * mm[t * classes + c];
          mm[i * classes + c] = s / l[i * n + i];
        }
      }
      const w = new Float64Array(d * classes);
      for (let i = 0; i < n; i++) {
        for (let t = 0; t < d; t++) {
          const v = x[i * d + t];
          for (let c = 0; c < classes; c++) w[t * classes + c] += v * mm[i * classes + c];
        }
      }
      return w;
    },
  };
}
