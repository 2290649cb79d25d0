import { cohenKappaPairPlans, type PairPlan } from './cohen-kappa';
import type { CodedReads } from './encode';
import { sumStats, type StatPlan } from './item-stats';
import { pairableColumns, pairablePlan } from './pairable';
import { degenerate, type StatResult } from './types';

/** counts[i][j]: items where the row side said categories[i] and the column side categories[j]. */
export interface ConfusionMatrix {
  categories: string[];
  counts: number[][];
  n: number;
}

export interface PairConfusion extends ConfusionMatrix {
  reader_a: string;
  reader_b: string;
}

export interface ReaderConsensusConfusion extends ConfusionMatrix {
  reader: string;
  /** Share of the reader's reads equal to the consensus; null when none is comparable. */
  agreement: number | null;
}

function toMatrix(flat: Float64Array | Int32Array, categories: string[]): ConfusionMatrix {
  const k = categories.length;
  const counts = categories.map((_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));
  return { categories, counts, n: counts.flat().reduce((a, b) => a + b, 0) };
}

/** Confusion matrix of every reader pair on the items both read (rows: reader_a). */
export function pairConfusions(data: CodedReads, pairs: PairPlan[] = cohenKappaPairPlans(data)): PairConfusion[] {
  const withData = pairs.find((p) => p.plan.ok)?.plan;
  const sums = withData?.ok ? sumStats(withData.stats) : null;
  return pairs.map(({ readerA, readerB, table: tableOf }) => {
    const table = sums ? tableOf(sums) : new Float64Array(data.categories.length ** 2);
    return { reader_a: readerA, reader_b: readerB, ...toMatrix(table, data.categories) };
  });
}

/**
 * Each reader against a consensus label per item (category index, -1 where there is
 * none, e.g. a tie); rows are the reader's label, columns the consensus.
 */
export function readerVsConsensus(data: CodedReads, consensus: Int32Array): ReaderConsensusConfusion[] {
  const k = data.categories.length;
  const tables = data.readers.map(() => new Int32Array(k * k));
  const { itemStart, reader, label } = data;
  for (let i = 0; i + 1 < itemStart.length; i++) {
    if (consensus[i] < 0) continue;
    for (let p = itemStart[i]; p < itemStart[i + 1]; p++) tables[reader[p]][label[p] * k + consensus[i]]++;
  }
  return data.readers.map((name, r) => {
    const m = toMatrix(tables[r], data.categories);
    const agreeing = m.counts.reduce((acc, row, i) => acc + row[i], 0);
    return { reader: name, ...m, agreement: m.n > 0 ? agreeing / m.n : null };
  });
}

export interface ClassPlans {
  category: string;
  /** Share of the pairable reads of this class that are paired with the same class. */
  specificAgreement: StatPlan;
  /** Krippendorff's alpha of "this class or not" (the class against all others). */
  alpha: StatPlan;
}

/** Per-class agreement from Krippendorff's coincidences (the shared pairable sums). */
export function perClassPlans(data: CodedReads): ClassPlans[] {
  const col = pairableColumns(data.categories.length);
  return data.categories.map((category, c) => ({
    category,
    specificAgreement: pairablePlan(data, (s) => specificFromSums(s[col.diagonal(c)], s[col.count(c)], s[col.reads])),
    alpha: pairablePlan(data, (s) => binaryAlphaFromSums(s[col.diagonal(c)], s[col.count(c)], s[col.reads])),
  }));
}

function specificFromSums(diagonal: number, nc: number, n: number): StatResult {
  if (n === 0) return degenerate('no-overlap');
  if (nc === 0) return degenerate('category-not-used');
  return { ok: true, value: diagonal / nc };
}

function binaryAlphaFromSums(diagonal: number, nc: number, n: number): StatResult {
  if (n === 0) return degenerate('no-overlap');
  if (nc === 0) return degenerate('category-not-used');
  if (nc === n) return degenerate('one-category');
  const disagreement = 2 * (nc - diagonal);
  return { ok: true, value: 1 - ((n - 1) * disagreement) / (2 * nc * (n - nc)) };
}
