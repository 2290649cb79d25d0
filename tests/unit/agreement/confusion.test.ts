import { describe, expect, it } from 'vitest';
import { evaluatePlan } from '@/lib/agreement/item-stats';
import { pairConfusions, perClassPlans, readerVsConsensus } from '@/lib/agreement/confusion';
import { encodeReads } from '@/lib/agreement/encode';
import { krippendorffAlpha } from '@/lib/agreement/krippendorff-alpha';
import { krippendorff2011, readsFromRows, readsFromTable } from './fixtures';

describe('confusion matrices and per-class agreement', () => {
  it('rebuilds a pair table (rows: first reader)', () => {
    const data = encodeReads(
      readsFromTable(
        [
          [20, 5],
          [10, 15],
        ],
        ['yes', 'no'],
      ),
      { categories: ['yes', 'no'] },
    );
    const [pair] = pairConfusions(data);
    expect(pair).toMatchObject({
      reader_a: 'A',
      reader_b: 'B',
      n: 50,
      counts: [
        [20, 5],
        [10, 15],
      ],
    });
  });

  it('compares each reader with a consensus, leaving out items without one', () => {
    const data = encodeReads(
      readsFromRows([
        ['x', 'x'],
        ['x', 'y'],
        ['y', 'y'],
      ]),
      { categories: ['x', 'y'] },
    );
    const [r1, r2] = readerVsConsensus(data, Int32Array.from([0, -1, 1]));
    expect(r1).toMatchObject({
      reader: 'r1',
      n: 2,
      agreement: 1,
      counts: [
        [1, 0],
        [0, 1],
      ],
    });
    expect(r2).toMatchObject({ reader: 'r2', n: 2, agreement: 1 });
  });

  it("per-class values follow Krippendorff's coincidence matrix", () => {
    // Krippendorff (2011) coincidences: n = 40; n_1 = 9 with o_11 = 7; n_3 = 10 with o_33 = 8.
    const data = encodeReads(readsFromRows(krippendorff2011, ['A', 'B', 'C', 'D']));
    const classes = perClassPlans(data);
    const one = evaluatePlan(classes[0].specificAgreement);
    expect(one.ok && one.value).toBeCloseTo(7 / 9, 10);
    const three = evaluatePlan(classes[2].specificAgreement);
    expect(three.ok && three.value).toBeCloseTo(8 / 10, 10);
  });

  it('the per-class alpha of a two-category table is the overall alpha', () => {
    const data = encodeReads(
      readsFromRows([
        ['x', 'x', 'y'],
        ['y', 'y', 'y'],
        ['x', 'x', 'x'],
        ['x', 'y', null],
      ]),
    );
    const overall = krippendorffAlpha(data);
    for (const c of perClassPlans(data)) expect(evaluatePlan(c.alpha)).toEqual(overall);
  });

  it('says when a class is never used', () => {
    const data = encodeReads(
      readsFromRows([
        ['x', 'y'],
        ['x', 'x'],
      ]),
      { categories: ['x', 'y', 'z'] },
    );
    expect(evaluatePlan(perClassPlans(data)[2].alpha)).toEqual({ ok: false, reason: 'category-not-used' });
  });
});
