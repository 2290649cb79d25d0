import type { CodedReads } from './encode';
import { countNonZero, evaluatePlan, type StatPlan } from './item-stats';
import { pairableColumns, pairablePlan } from './pairable';
import type { StatResult } from './types';

/**
 * Krippendorff's alpha for nominal data, any number of readers, missing reads allowed
 * (Krippendorff 2011, "Computing Krippendorff's alpha-reliability"). Items with a single
 * read are not pairable and drop out. With n pairable values, n_c of category c, and
 * o_cc the coincidences on the diagonal: alpha = 1 - (n - 1)(n - sum o_cc) / (n^2 - sum n_c^2).
 */
export function krippendorffAlphaPlan(data: CodedReads): StatPlan {
  const k = data.categories.length;
  const col = pairableColumns(k);
  return pairablePlan(data, (s) => {
    const n = s[col.reads];
    if (n === 0) return { ok: false, reason: 'no-overlap' };
    if (countNonZero(s, col.count(0), k) < 2) return { ok: false, reason: 'one-category' };
    let squares = 0;
    for (let c = 0; c < k; c++) squares += s[col.count(c)] ** 2;
    return { ok: true, value: 1 - ((n - 1) * (n - s[col.coincidence])) / (n * n - squares) };
  });
}

export function krippendorffAlpha(data: CodedReads): StatResult {
  return evaluatePlan(krippendorffAlphaPlan(data));
}
