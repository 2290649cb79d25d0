import type { CodedReads } from './encode';
import { evaluatePlan, type StatPlan } from './item-stats';
import { pairableColumns, pairablePlan } from './pairable';
import type { StatResult } from './types';

/**
 * Mean over items (with two reads or more) of the share of agreeing reader pairs.
 * Not chance-corrected: shown next to the kappas because people read it easily.
 */
export function percentAgreementPlan(data: CodedReads): StatPlan {
  const col = pairableColumns(data.categories.length);
  return pairablePlan(data, (s) =>
    s[col.items] > 0 ? { ok: true, value: s[col.pairShare] / s[col.items] } : { ok: false, reason: 'no-overlap' },
  );
}

export function percentAgreement(data: CodedReads): StatResult {
  return evaluatePlan(percentAgreementPlan(data));
}
