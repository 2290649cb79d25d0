import type { CodedReads } from './encode';
import { evaluatePlan, ItemStatsBuilder, readerGuard, type StatPlan } from './item-stats';
import { degenerate, type StatResult, type WeightKind } from './types';

export interface CohenOptions {
  /** 'linear' and 'quadratic' weigh disagreements by distance in the category order. */
  weights?: WeightKind;
}

export interface PairPlan {
  readerA: string;
  readerB: string;
  /** Items both readers read. */
  nItems: number;
  plan: StatPlan;
  /** This pair's k x k table within the shared sums. */
  table: (sums: Float64Array) => Float64Array;
}

/**
 * Agreement weights: 1 on the diagonal, falling with the distance |i - j| / (k - 1) between
 * categories (linear) or with its square (quadratic), as in Cohen (1968).
 */
function agreementWeights(k: number, kind: WeightKind): Float64Array {
  const w = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const d = k > 1 ? Math.abs(i - j) / (k - 1) : 0;
      w[i * k + j] = kind === 'none' ? (i === j ? 1 : 0) : kind === 'linear' ? 1 - d : 1 - d * d;
    }
  }
  return w;
}

/**
 * Cohen's kappa for every pair of readers (a before b in reader order), on the items both
 * read. All pairs share one table of sums (so a bootstrap sums them once): the k x k
 * table of pair (a, b) starts at column (a * readers + b) * k * k, [a's class * k + b's].
 */
export function cohenKappaPairPlans(data: CodedReads, options: CohenOptions = {}): PairPlan[] {
  const nReaders = data.readers.length;
  const k = data.categories.length;
  const weights = agreementWeights(k, options.weights ?? 'none');
  const builder = new ItemStatsBuilder(nReaders * nReaders * k * k);
  const shared = new Int32Array(nReaders * nReaders);
  const { itemStart, reader, label } = data;
  for (let i = 0; i + 1 < itemStart.length; i++) {
    if (itemStart[i + 1] - itemStart[i] < 2) continue;
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) {
      for (let q = p + 1; q < itemStart[i + 1]; q++) {
        const [a, b] = reader[p] < reader[q] ? [p, q] : [q, p];
        const slot = reader[a] * nReaders + reader[b];
        shared[slot]++;
        builder.add(slot * k * k + label[a] * k + label[b], 1);
      }
    }
    builder.endRow(i);
  }
  const stats = builder.build();
  const pairs: PairPlan[] = [];
  for (let a = 0; a < nReaders; a++) {
    for (let b = a + 1; b < nReaders; b++) {
      const slot = a * nReaders + b;
      const table = (sums: Float64Array) => sums.subarray(slot * k * k, (slot + 1) * k * k);
      const plan: StatPlan =
        shared[slot] > 0
          ? { ok: true, stats, finalize: (s) => kappaFromTable(table(s), k, weights) }
          : degenerate('no-overlap');
      pairs.push({ readerA: data.readers[a], readerB: data.readers[b], nItems: shared[slot], plan, table });
    }
  }
  return pairs;
}

/** Weighted (or plain) kappa from a k x k table of counts: (p_o - p_e) / (1 - p_e). */
function kappaFromTable(table: Float64Array, k: number, weights: Float64Array): StatResult {
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  let n = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      rows[i] += table[i * k + j];
      cols[j] += table[i * k + j];
    }
    n += rows[i];
  }
  if (n === 0) return degenerate('no-overlap');
  if (usesOneSameCategory(rows, cols)) return degenerate('one-category');
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      po += (weights[i * k + j] * table[i * k + j]) / n;
      pe += (weights[i * k + j] * rows[i] * cols[j]) / (n * n);
    }
  }
  return { ok: true, value: (po - pe) / (1 - pe) };
}

function usesOneSameCategory(rows: Float64Array, cols: Float64Array): boolean {
  const used = (m: Float64Array) => m.reduce<number[]>((acc, v, i) => (v > 0 ? [...acc, i] : acc), []);
  const [r, c] = [used(rows), used(cols)];
  return r.length === 1 && c.length === 1 && r[0] === c[0];
}

/**
 * Cohen's kappa between two readers (by name); the first two readers when omitted.
 * With one reader only the result says so.
 */
export function cohenKappa(data: CodedReads, options: CohenOptions & { readers?: [string, string] } = {}): StatResult {
  const bad = readerGuard(data);
  if (bad) return bad;
  const [a, b] = options.readers ?? [data.readers[0], data.readers[1]];
  const pair = cohenKappaPairPlans(data, options).find(
    (p) => (p.readerA === a && p.readerB === b) || (p.readerA === b && p.readerB === a),
  );
  return pair ? evaluatePlan(pair.plan) : degenerate('no-overlap');
}
