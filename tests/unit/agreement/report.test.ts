import { describe, expect, it } from 'vitest';
import { multiLabelReports, perLabelReads } from '@/lib/agreement/multilabel';
import { computeAgreementReport } from '@/lib/agreement/report';
import { toAgreementJson } from '@/lib/agreement/report-json';
import { krippendorff2011, readsFromRows } from './fixtures';
import { simulateReads } from './simulate';

describe('computeAgreementReport', () => {
  const reads = readsFromRows(krippendorff2011, ['A', 'B', 'C', 'D']);

  it('holds every statistic with its interval, and is reproducible', () => {
    const report = computeAgreementReport(reads, { bootstrap: 200, seed: 3 });
    expect(report.counts).toEqual({ reads: 41, items: 12, readers: 4, pairable_items: 11 });
    expect(report.krippendorff_alpha).toMatchObject({ ok: true, value: expect.closeTo(0.743, 3) });
    expect(report.cohen_kappa).toHaveLength(6);
    expect(report.per_class.map((c) => c.category)).toEqual(['1', '2', '3', '4', '5']);
    expect(report.consensus.ties).toBe(1);
    expect(computeAgreementReport(reads, { bootstrap: 200, seed: 3 })).toEqual(report);
  });

  it('falls back to the majority when Dawid–Skene is undefined', () => {
    const one = computeAgreementReport([{ item: 'a', reader: 'r', label: 'x' }], { bootstrap: 10 });
    expect(one.dawid_skene).toEqual({ ok: false, reason: 'one-reader' });
    expect(one.consensus.source).toBe('majority');
    expect(one.training.labelled.single).toBe(1);
    expect(toAgreementJson(one).fleiss_kappa).toEqual({
      value: null,
      ci_low: null,
      ci_high: null,
      reason: 'one-reader',
    });
  });

  it('JSON has exactly the report keys', () => {
    const json = toAgreementJson(computeAgreementReport(reads, { bootstrap: 50 }));
    expect(Object.keys(json).sort()).toEqual([
      'cohen_kappa',
      'dawid_skene',
      'fleiss_kappa',
      'krippendorff_alpha',
      'percent_agreement',
    ]);
    expect(Object.keys(json.krippendorff_alpha)).toEqual(['value', 'ci_low', 'ci_high']);
    expect(Object.keys(json.cohen_kappa[0])).toEqual(['reader_a', 'reader_b', 'value', 'ci_low', 'ci_high']);
    expect(Object.keys(json.dawid_skene)).toEqual(['reader_accuracy', 'posteriors']);
  });

  it('queues low-confidence scans in the training summary (three reads each: the posterior may settle them)', () => {
    const { reads: noisy } = simulateReads({
      seed: 4,
      items: 500,
      categories: ['a', 'b'],
      accuracies: [0.65, 0.6, 0.7],
      readsPerItem: 3,
    });
    const t = computeAgreementReport(noisy, { bootstrap: 0, threshold: 0.95 }).training;
    expect(t.excluded['low-confidence']).toBeGreaterThan(0);
    expect(t.needs_adjudication).toBe(t.excluded['low-confidence'] + t.excluded.tie);
    expect(t.labelled['dawid-skene'] + t.excluded['low-confidence']).toBe(500);
  });

  it('sends every 1-1 disagreement of two readers to adjudication, never to the posterior', () => {
    const { reads: pairs } = simulateReads({
      seed: 4,
      items: 300,
      categories: ['a', 'b'],
      accuracies: [0.65, 0.6, 0.7],
      readsPerItem: 2,
    });
    const byItem = new Map<string, string[]>();
    for (const r of pairs) byItem.set(r.item, [...(byItem.get(r.item) ?? []), r.label]);
    const split = [...byItem.values()].filter((l) => l.length === 2 && l[0] !== l[1]).length;
    const t = computeAgreementReport(pairs, { bootstrap: 0, threshold: 0.5 }).training;
    expect(split).toBeGreaterThan(0);
    expect(t.excluded.tie).toBe(split);
    expect(t.labelled['dawid-skene']).toBe(0);
    expect(t.labelled.majority).toBe(300 - split);
  });
});

describe('multi-label tasks', () => {
  const reads = [
    { item: 's1', reader: 'ann', labels: ['edema', 'bleed'] },
    { item: 's1', reader: 'bob', labels: ['bleed'] },
    { item: 's2', reader: 'ann', labels: [] },
    { item: 's2', reader: 'bob', labels: ['edema'] },
  ];

  it('are split into one present/absent table per label', () => {
    const split = perLabelReads(reads);
    expect(split.map((s) => s.label)).toEqual(['bleed', 'edema']);
    expect(split[1].reads.map((r) => r.label)).toEqual(['present', 'absent', 'absent', 'present']);
  });

  it('get one report per label', () => {
    const reports = multiLabelReports(reads, { bootstrap: 0 });
    expect(reports[0].report.percent_agreement).toMatchObject({ ok: true, value: 1 });
    expect(reports[1].report.percent_agreement).toMatchObject({ ok: true, value: 0 });
    expect(reports[0].report.categories).toEqual(['absent', 'present']);
  });
});
