/**
 * Multinomial logistic regression with an L2 penalty on the weights (not the biases), fitted
 * by L-BFGS: minimises mean cross-entropy + (l2 / 2) * |W|^2. Same objective as scikit-learn's
 * LogisticRegression(C) with l2 = 1 / (C * n). Plain numbers, no tensors: fast enough for a few
 * thousand examples of a few thousand features, and exact enough to test against known answers.
 */
export interface LogisticModel {
  features: number;
  classes: number;
  /** Row-major [features x classes]. */
  weights: Float64Array;
  bias: Float64Array;
  l2: number;
}

export interface FitLogisticOptions {
  l2: number;
  maxIterations?: number;
  /** Stop when the gradient's largest component falls below this. */
  tolerance?: number;
  /** Start from these weights (e.g. the previous strength's fit along a path). */
  init?: LogisticModel;
  /** Per-example weights (e.g. balanced classes); all 1 when absent. */
  sampleWeights?: readonly number[];
  /** Computes part of the rows on another thread. */
  helper?: RowHelper;
}

/** Logits of every row of x (row-major n x d). */
export function logisticLogits(m: LogisticModel, x: Float64Array): number[][] {
  const n = x.length / m.features;
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const z = Array.from(m.bias);
    const row = i * m.features;
    for (let j = 0; j < m.features; j++) {
      const v = x[row + j];
      if (v === 0) continue;
      const w = j * m.classes;
      for (let c = 0; c < m.classes; c++) z[c] += v * m.weights[w + c];
    }
    out.push(z);
  }
  return out;
}

/** The rows a fit reads, as objectiveRows takes them. */
export interface LogisticRows {
  x: Float64Array;
  y: ArrayLike<number>;
  /** Per-example weights; all 1 when absent. */
  sw?: ArrayLike<number>;
  /** The sum of every row's weight (n without weights): each row's loss is weighted by sw / wsum. */
  wsum: number;
  d: number;
  k: number;
}

/**
 * Weighted cross-entropy of rows [from, to) at params = [weights..., bias...], without the
 * penalty; their gradient is added into grad. Rows split across threads sum to the whole.
 */
export function objectiveRows(
  params: Float64Array,
  r: LogisticRows,
  from: number,
  to: number,
  grad: Float64Array,
): number {
  if (r.k === 2) return binaryRows(params, r, from, to, grad);
  const { x, y, sw, wsum, d, k } = r;
  let loss = 0;
  const z = new Float64Array(k);
  const bias = d * k;
  for (let i = from; i < to; i++) {
    const row = i * d;
    for (let c = 0; c < k; c++) z[c] = params[bias + c];
    for (let j = 0; j < d; j++) {
      const v = x[row + j];
      if (v === 0) continue;
      const w = j * k;
      for (let c = 0; c < k; c++) z[c] += v * params[w + c];
    }
    let max = -Infinity;
    for (let c = 0; c < k; c++) if (z[c] > max) max = z[c];
    let sum = 0;
    for (let c = 0; c < k; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    const weight = (sw ? sw[i] : 1) / wsum;
    loss -= weight * Math.log(Math.max(z[y[i]] / sum, 1e-300));
    // z becomes dLoss/dlogits for this example.
    for (let c = 0; c < k; c++) z[c] = weight * (z[c] / sum - (c === y[i] ? 1 : 0));
    for (let j = 0; j < d; j++) {
      const v = x[row + j];
      if (v === 0) continue;
      const w = j * k;
      for (let c = 0; c < k; c++) grad[w + c] += v * z[c];
    }
    for (let c = 0; c < k; c++) grad[bias + c] += z[c];
  }
  return loss;
}

/**
 * objectiveRows for two classes, the most common case (normal against abnormal), with the
 * per-class loops unrolled: the same sums in the same order, about twice as fast.
 */
function binaryRows(params: Float64Array, r: LogisticRows, from: number, to: number, grad: Float64Array): number {
  const { x, y, sw, wsum, d } = r;
  const bias = d * 2;
  let loss = 0;
  for (let i = from; i < to; i++) {
    const row = i * d;
    let z0 = params[bias];
    let z1 = params[bias + 1];
    for (let j = 0; j < d; j++) {
      const v = x[row + j];
      z0 += v * params[2 * j];
      z1 += v * params[2 * j + 1];
    }
    const max = z0 > z1 ? z0 : z1;
    const e0 = Math.exp(z0 - max);
    const e1 = Math.exp(z1 - max);
    const sum = e0 + e1;
    const weight = (sw ? sw[i] : 1) / wsum;
    loss -= weight * Math.log(Math.max((y[i] === 0 ? e0 : e1) / sum, 1e-300));
    const g0 = weight * (e0 / sum - (y[i] === 0 ? 1 : 0));
    const g1 = weight * (e1 / sum - (y[i] === 1 ? 1 : 0));
    for (let j = 0; j < d; j++) {
      const v = x[row + j];
      grad[2 * j] += v * g0;
      grad[2 * j + 1] += v * g1;
    }
    grad[bias] += g0;
    grad[bias + 1] += g1;
  }
  return loss;
}

/**
 * Computes objectiveRows over the last rows of a fit on another thread while the caller computes
 * the first ones (trainer/resnet50/logistic-helper.ts): the same objective, in about half the time
 * on two cores.
 */
export interface RowHelper {
  /** Hands over the rows of the fits that follow; returns the first row the helper computes. */
  load(rows: LogisticRows): number;
  /** Starts the helper's rows at params. */
  start(params: Float64Array): void;
  /** Waits for them; adds their gradient into grad and returns their loss. */
  collect(grad: Float64Array): number;
}

/** Objective (mean weighted cross-entropy + l2/2 |W|^2) and gradient at params. */
function objective(
  params: Float64Array,
  rows: LogisticRows,
  l2: number,
  grad: Float64Array,
  split: { helper: RowHelper; from: number } | null,
): number {
  const n = rows.y.length;
  split?.helper.start(params);
  grad.fill(0);
  let loss = objectiveRows(params, rows, 0, split ? split.from : n, grad);
  if (split) loss += split.helper.collect(grad);
  const bias = rows.d * rows.k;
  for (let p = 0; p < bias; p++) {
    loss += 0.5 * l2 * params[p] * params[p];
    grad[p] += l2 * params[p];
  }
  return loss;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Fits on standardised rows x (row-major n x d) with labels 0..classCount-1. */
export function fitLogisticRegression(
  x: Float64Array,
  y: readonly number[],
  classCount: number,
  o: FitLogisticOptions,
): LogisticModel {
  const n = y.length;
  if (n === 0) throw new Error('logistic regression needs at least one example');
  if (x.length % n !== 0) throw new Error(`x has ${x.length} values, not a multiple of ${n} examples`);
  const d = x.length / n;
  const k = classCount;
  const size = d * k + k;
  const params = new Float64Array(size);
  if (o.init && o.init.features === d && o.init.classes === k) {
    params.set(o.init.weights);
    params.set(o.init.bias, d * k);
  }
  const sw = o.sampleWeights;
  const rows: LogisticRows = { x, y, sw, wsum: sw ? sw.reduce((a, b) => a + b, 0) : n, d, k };
  const split = o.helper ? { helper: o.helper, from: o.helper.load(rows) } : null;
  const f = (p: Float64Array, g: Float64Array) => objective(p, rows, o.l2, g, split);
  lbfgs(params, f, o.maxIterations ?? 300, o.tolerance ?? 1e-5);
  return { features: d, classes: k, weights: params.slice(0, d * k), bias: params.slice(d * k), l2: o.l2 };
}

/** L-BFGS (memory 10) with a backtracking Armijo line search; updates params in place. */
function lbfgs(
  params: Float64Array,
  f: (p: Float64Array, g: Float64Array) => number,
  maxIterations: number,
  tolerance: number,
): void {
  const m = 10;
  const size = params.length;
  let g = new Float64Array(size);
  let fx = f(params, g);
  const s: Float64Array[] = [];
  const yv: Float64Array[] = [];
  const rho: number[] = [];
  const next = new Float64Array(size);
  let gNext = new Float64Array(size);
  for (let it = 0; it < maxIterations; it++) {
    let gmax = 0;
    for (let i = 0; i < size; i++) gmax = Math.max(gmax, Math.abs(g[i]));
    if (gmax < tolerance) return;
    // Two-loop recursion: direction = -H g.
    const q = Float64Array.from(g);
    const alpha = new Array<number>(s.length);
    for (let i = s.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(s[i], q);
      for (let j = 0; j < size; j++) q[j] -= alpha[i] * yv[i][j];
    }
    const gamma = s.length ? dot(s[s.length - 1], yv[yv.length - 1]) / dot(yv[yv.length - 1], yv[yv.length - 1]) : 1;
    for (let j = 0; j < size; j++) q[j] *= gamma;
    for (let i = 0; i < s.length; i++) {
      const beta = rho[i] * dot(yv[i], q);
      for (let j = 0; j < size; j++) q[j] += s[i][j] * (alpha[i] - beta);
    }
    let slope = -dot(g, q);
    if (!(slope < 0)) {
      // Not a descent direction (curvature went wrong): restart from steepest descent.
      s.length = yv.length = rho.length = 0;
      for (let j = 0; j < size; j++) q[j] = g[j] / Math.max(1, gmax);
      slope = -dot(g, q);
    }
    let step = 1;
    let fNext = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let j = 0; j < size; j++) next[j] = params[j] - step * q[j];
      fNext = f(next, gNext);
      if (fNext <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(fNext < fx)) return;
    const sk = new Float64Array(size);
    const yk = new Float64Array(size);
    for (let j = 0; j < size; j++) {
      sk[j] = next[j] - params[j];
      yk[j] = gNext[j] - g[j];
    }
    const sy = dot(sk, yk);
    if (sy > 1e-12) {
      s.push(sk);
      yv.push(yk);
      rho.push(1 / sy);
      if (s.length > m) {
        s.shift();
        yv.shift();
        rho.shift();
      }
    }
    const converged = Math.abs(fx - fNext) <= 1e-10 * Math.max(1, Math.abs(fx));
    params.set(next);
    [g, gNext] = [gNext, g];
    fx = fNext;
    if (converged) return;
  }
}
