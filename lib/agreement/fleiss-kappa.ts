import type { CodedReads } from './encode';
import { countNonZero, evaluatePlan, type StatPlan } from './item-stats';
import { pairableColumns, pairablePlan } from './pairable';
import type { StatResult } from './types';

/**
 * Fleiss' kappa (1971). Items may have different numbers of reads (>= 2): P_i is each
 * item's share of agreeing pairs, P-bar their mean, and P_e the sum of squared overall
 * category shares, which is Fleiss' formula when every item has the same number of reads.
 */
export function fleissKappaPlan(data: CodedReads): StatPlan {
  const k = data.categories.length;
  const col = pairableColumns(k);
  return pairablePlan(data, (s) => {
    if (s[col.items] === 0) return { ok: false, reason: 'no-overlap' };
    if (countNonZero(s, col.count(0), k) < 2) return { ok: false, reason: 'one-category' };
    let pe = 0;
    for (let c = 0; c < k; c++) pe += (s[col.count(c)] / s[col.reads]) ** 2;
    return { ok: true, value: (s[col.pairShare] / s[col.items] - pe) / (1 - pe) };
  });
}

export function fleissKappa(data: CodedReads): StatResult {
  return evaluatePlan(fleissKappaPlan(data));
}
