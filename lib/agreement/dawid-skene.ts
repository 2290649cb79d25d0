import type { CodedReads } from './encode';
import { degenerate, type DegenerateReason } from './types';

export interface DawidSkeneOptions {
  maxIterations?: number;
  /** Stop when the log-likelihood improves by less than this, relative to its size. */
  tolerance?: number;
  /** Pseudo-count added to every confusion cell and class prior (keeps logs finite). */
  smoothing?: number;
}

export type DawidSkeneFit =
  | {
      ok: true;
      /** Posterior class probabilities, item-major: [item * k + class]. */
      posteriors: Float64Array;
      classPriors: Float64Array;
      /** Each reader's confusion, [(reader * k + true class) * k + given label], rows sum to 1. */
      confusion: Float64Array;
      /** Probability that the reader's label is the true class: sum_k prior_k * confusion_kk. */
      readerAccuracy: Float64Array;
      iterations: number;
      converged: boolean;
      logLikelihood: number;
    }
  | { ok: false; reason: DegenerateReason };

/**
 * Dawid & Skene (1979): EM over each reader's confusion matrix and the class of each item,
 * started from the (soft) majority vote so that classes keep their names.
 */
export function dawidSkene(data: CodedReads, options: DawidSkeneOptions = {}): DawidSkeneFit {
  const { maxIterations = 100, tolerance = 1e-7, smoothing = 0.01 } = options;
  const reason = dawidSkeneGuard(data);
  if (reason) return degenerate(reason);
  const k = data.categories.length;
  const posteriors = softMajority(data);
  const classPriors = new Float64Array(k);
  const confusion = new Float64Array(data.readers.length * k * k);
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    maximize(data, posteriors, classPriors, confusion, smoothing);
    const next = expect(data, posteriors, classPriors, confusion);
    converged = Math.abs(next - logLikelihood) <= tolerance * Math.max(1, Math.abs(next));
    logLikelihood = next;
  }
  const readerAccuracy = data.readers.map((_, r) =>
    classPriors.reduce((acc, prior, c) => acc + prior * confusion[(r * k + c) * k + c], 0),
  );
  return {
    ok: true,
    posteriors,
    classPriors,
    confusion,
    readerAccuracy: Float64Array.from(readerAccuracy),
    iterations,
    converged,
    logLikelihood,
  };
}

function dawidSkeneGuard(data: CodedReads): DegenerateReason | null {
  if (data.label.length === 0) return 'no-reads';
  if (data.readers.length < 2) return 'one-reader';
  return new Set(data.label).size < 2 ? 'one-category' : null;
}

function softMajority(data: CodedReads): Float64Array {
  const k = data.categories.length;
  const { itemStart, label } = data;
  const post = new Float64Array(data.items.length * k);
  for (let i = 0; i < data.items.length; i++) {
    const m = itemStart[i + 1] - itemStart[i];
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) post[i * k + label[p]] += 1 / m;
  }
  return post;
}

/** M-step: class priors and reader confusions from the current posteriors (in log form). */
function maximize(
  data: CodedReads,
  post: Float64Array,
  priors: Float64Array,
  confusion: Float64Array,
  smoothing: number,
): void {
  const k = data.categories.length;
  const nItems = data.items.length;
  priors.fill(smoothing);
  confusion.fill(smoothing);
  const { itemStart, reader, label } = data;
  for (let i = 0; i < nItems; i++) {
    for (let c = 0; c < k; c++) priors[c] += post[i * k + c];
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) {
      const base = reader[p] * k * k + label[p];
      for (let c = 0; c < k; c++) confusion[base + c * k] += post[i * k + c];
    }
  }
  const total = nItems + k * smoothing;
  for (let c = 0; c < k; c++) priors[c] /= total;
  for (let row = 0; row < confusion.length; row += k) {
    let sum = 0;
    for (let l = 0; l < k; l++) sum += confusion[row + l];
    for (let l = 0; l < k; l++) confusion[row + l] /= sum;
  }
}

/** E-step: posteriors from priors and confusions; returns the log-likelihood. */
function expect(data: CodedReads, post: Float64Array, priors: Float64Array, confusion: Float64Array): number {
  const k = data.categories.length;
  const logPriors = priors.map(Math.log);
  const logConfusion = confusion.map(Math.log);
  const logp = new Float64Array(k);
  const { itemStart, reader, label } = data;
  let total = 0;
  for (let i = 0; i < data.items.length; i++) {
    logp.set(logPriors);
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) {
      const base = reader[p] * k * k + label[p];
      for (let c = 0; c < k; c++) logp[c] += logConfusion[base + c * k];
    }
    const max = logp.reduce((a, b) => Math.max(a, b), -Infinity);
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(logp[c] - max);
    for (let c = 0; c < k; c++) post[i * k + c] = Math.exp(logp[c] - max) / sum;
    total += max + Math.log(sum);
  }
  return total;
}

/** The most probable class of an item and its posterior probability. */
export function posteriorClass(
  posteriors: Float64Array,
  k: number,
  item: number,
): { label: number; confidence: number } {
  let label = 0;
  for (let c = 1; c < k; c++) if (posteriors[item * k + c] > posteriors[item * k + label]) label = c;
  return { label, confidence: posteriors[item * k + label] };
}
