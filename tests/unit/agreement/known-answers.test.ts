import { describe, expect, it } from 'vitest';
import { cohenKappa } from '@/lib/agreement/cohen-kappa';
import { encodeReads } from '@/lib/agreement/encode';
import { fleissKappa } from '@/lib/agreement/fleiss-kappa';
import { krippendorffAlpha } from '@/lib/agreement/krippendorff-alpha';
import { percentAgreement } from '@/lib/agreement/percent-agreement';
import type { StatResult } from '@/lib/agreement/types';
import {
  anxietyRater2,
  anxietyRater3,
  fleiss1971,
  krippendorff2011,
  readsFromCounts,
  readsFromRows,
  readsFromTable,
  wikipediaFleissCounts,
} from './fixtures';

function value(r: StatResult): number {
  if (!r.ok) throw new Error(`expected a value, got reason ${r.reason}`);
  return r.value;
}

describe('published worked examples (within 1e-3)', () => {
  it('Fleiss (1971): 30 patients, 6 psychiatrists -> kappa 0.430', () => {
    expect(value(fleissKappa(encodeReads(readsFromRows(fleiss1971))))).toBeCloseTo(0.4302445, 6);
  });

  it("Wikipedia's Fleiss example -> kappa 0.210", () => {
    const data = encodeReads(readsFromCounts(wikipediaFleissCounts, ['1', '2', '3', '4', '5']));
    expect(Math.abs(value(fleissKappa(data)) - 0.21)).toBeLessThan(1e-3);
  });

  it('Krippendorff (2011) nominal example with missing values -> alpha 0.743', () => {
    const data = encodeReads(readsFromRows(krippendorff2011, ['A', 'B', 'C', 'D']));
    expect(Math.abs(value(krippendorffAlpha(data)) - 0.743)).toBeLessThan(1e-3);
  });

  it("Wikipedia's Cohen example (20/5/10/15) -> kappa 0.4, agreement 0.7", () => {
    const data = encodeReads(
      readsFromTable(
        [
          [20, 5],
          [10, 15],
        ],
        ['yes', 'no'],
      ),
    );
    expect(value(cohenKappa(data))).toBeCloseTo(0.4, 10);
    expect(value(percentAgreement(data))).toBeCloseTo(0.7, 10);
  });

  it('SAS PROC FREQ example: simple kappa 0.4842, weighted (Cicchetti-Allison) 0.4701', () => {
    const data = encodeReads(
      readsFromTable(
        [
          [0, 4, 1],
          [0, 8, 0],
          [0, 1, 5],
        ],
        ['a', 'b', 'c'],
      ),
    );
    expect(Math.abs(value(cohenKappa(data)) - 0.4842)).toBeLessThan(1e-4);
    expect(Math.abs(value(cohenKappa(data, { weights: 'linear' })) - 0.4701)).toBeLessThan(1e-4);
  });

  it('R irr::kappa2 on `anxiety` raters 2 and 3: unweighted, linear and quadratic', () => {
    const rows = anxietyRater2.map((a, i) => [a, anxietyRater3[i]]);
    const data = encodeReads(readsFromRows(rows));
    expect(value(cohenKappa(data))).toBeCloseTo(-0.006289308, 6);
    expect(value(cohenKappa(data, { weights: 'linear' }))).toBeCloseTo(0.1459075, 6);
    expect(value(cohenKappa(data, { weights: 'quadratic' }))).toBeCloseTo(0.2520325, 6);
  });
});
