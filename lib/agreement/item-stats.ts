import type { CodedReads } from './encode';
import type { DegenerateReason, StatResult } from './types';

/**
 * Per-item sufficient statistics, stored sparse (CSR). Every statistic here is a
 * function of the sums of these rows over items, so a bootstrap replicate only
 * re-weights rows by how often each item was drawn instead of recomputing from reads.
 */
export interface ItemStats {
  dim: number;
  /** Global item index of each row (rows may cover a subset of the items). */
  rowItem: Int32Array;
  rowStart: Int32Array;
  col: Int32Array;
  val: Float64Array;
}

/** A statistic ready to evaluate: its per-item rows and the map from their sums to a value. */
export type StatPlan =
  | { ok: true; stats: ItemStats; finalize: (sums: Float64Array) => StatResult }
  | { ok: false; reason: DegenerateReason };

export class ItemStatsBuilder {
  private rowItem: number[] = [];
  private rowStart: number[] = [0];
  private col: number[] = [];
  private val: number[] = [];

  constructor(private readonly dim: number) {}

  /** Adds a value to column `c` of the current row. */
  add(c: number, v: number): void {
    this.col.push(c);
    this.val.push(v);
  }

  /** Closes the current row as the row of `item`. */
  endRow(item: number): void {
    this.rowItem.push(item);
    this.rowStart.push(this.col.length);
  }

  build(): ItemStats {
    return {
      dim: this.dim,
      rowItem: Int32Array.from(this.rowItem),
      rowStart: Int32Array.from(this.rowStart),
      col: Int32Array.from(this.col),
      val: Float64Array.from(this.val),
    };
  }
}

/** Column sums, each row weighted by its item's multiplicity (all ones when omitted). */
export function sumStats(stats: ItemStats, multiplicity?: Int32Array): Float64Array {
  const sums = new Float64Array(stats.dim);
  const { rowItem, rowStart, col, val } = stats;
  for (let row = 0; row < rowItem.length; row++) {
    const w = multiplicity ? multiplicity[rowItem[row]] : 1;
    if (w === 0) continue;
    for (let k = rowStart[row]; k < rowStart[row + 1]; k++) sums[col[k]] += w * val[k];
  }
  return sums;
}

export function evaluatePlan(plan: StatPlan): StatResult {
  return plan.ok ? plan.finalize(sumStats(plan.stats)) : plan;
}

/** The checks every multi-reader statistic makes first. */
export function readerGuard(data: CodedReads): { ok: false; reason: DegenerateReason } | null {
  if (data.label.length === 0) return { ok: false, reason: 'no-reads' };
  if (data.readers.length < 2) return { ok: false, reason: 'one-reader' };
  return null;
}

/** Number of non-zero entries of sums[from .. from+length-1]. */
export function countNonZero(sums: Float64Array, from: number, length: number): number {
  let n = 0;
  for (let c = from; c < from + length; c++) if (sums[c] > 0) n++;
  return n;
}
