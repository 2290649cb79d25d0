import { describe, expect, it } from 'vitest';
import { delta, trendTone } from '@/lib/dashboard/headline';
import { formatDelta, formatDurationMs, formatRatio } from '@/lib/dashboard/format';
import { parseStoredMetrics } from '@/lib/dashboard/model-versions';
import { exportRequestSchema } from '@/lib/dashboard/queries';
import { pivotReadsPerDay } from '@/lib/dashboard/reads-per-day';
import { rocCurves } from '@/lib/dashboard/roc';
import { progressFraction } from '@/lib/dashboard/training-jobs';
import { scanReference } from '@/lib/dashboard/progress';
import { buildClassificationReport } from '@/lib/metrics/report';
import { parseCsv, toCsv } from '@/server/export/csv';

// Pure shaping of lib/dashboard and the CSV writer: no database needed (kept beside the
// dashboard's integration tests, the folder this change owns).

describe('CSV writer and reader', () => {
  it('round-trips quotes, commas, line breaks, leading spaces, empty cells and numbers', () => {
    const rows = [
      { a: 'plain', b: 'with, comma', c: 'with "quotes"', d: 'two\nlines', e: ' padded ', f: 0.1 + 0.2 },
      { a: '', b: null, c: undefined, d: true, e: 'é ü 中', f: -1e-12 },
    ];
    const text = toCsv(['a', 'b', 'c', 'd', 'e', 'f'], rows);
    expect(text.endsWith('\r\n')).toBe(true);
    const back = parseCsv(text);
    expect(back).toEqual([
      { a: 'plain', b: 'with, comma', c: 'with "quotes"', d: 'two\nlines', e: ' padded ', f: String(0.1 + 0.2) },
      { a: '', b: '', c: '', d: 'true', e: 'é ü 中', f: '-1e-12' },
    ]);
    expect(Number(back[0].f)).toBe(0.1 + 0.2);
  });

  it('reads LF files and a byte-order mark', () => {
    expect(parseCsv('\uFEFFx,y\n1,2\n')).toEqual([{ x: '1', y: '2' }]);
  });
});

describe('dashboard shaping', () => {
  it('reads stored metrics through the schema and says why when they do not parse', () => {
    expect(parseStoredMetrics(null)).toEqual({ metrics: null, problem: null });
    const bad = parseStoredMetrics({ validation: { accuracy: 2 } });
    expect(bad.metrics).toBeNull();
    expect(bad.problem).toMatch(/validation/);
  });

  it('calls a change good or bad by the direction of the metric', () => {
    expect(trendTone(delta(0.8, 0.7), true)).toBe('better');
    expect(trendTone(delta(0.2, 0.1), false)).toBe('worse');
    expect(trendTone(delta(0.5, null), true)).toBe('none');
    expect(formatDelta(-0.0123)).toBe('−0.012');
    expect(formatDelta(0)).toBe('±0.000');
    expect(formatRatio(null)).toBe('—');
    expect(formatDurationMs(83_500)).toBe('1 min 24 s');
    expect(formatDurationMs(2 * 3_600_000 + 5 * 60_000)).toBe('2 h 5 min');
  });

  it('puts a scan with too few reads in "awaiting" whatever the rule, and an adjudicated one in "labelled"', () => {
    expect(scanReference(1, 2, { status: 'train', label: 'a', rule: 'single' })).toEqual({
      status: 'awaiting-second-read',
      label: 'a',
      rule: 'single',
    });
    expect(scanReference(0, 2, { status: 'train', label: 'b', rule: 'adjudicated' })).toMatchObject({
      status: 'labelled',
      label: 'b',
    });
    expect(scanReference(2, 2, { status: 'excluded', excluded: 'tie', needsAdjudication: true })).toEqual({
      status: 'needs-adjudication',
      label: null,
      rule: null,
    });
    expect(scanReference(0, 2, undefined).status).toBe('unlabelled');
  });

  it('fills the days without reads with zeros', () => {
    const table = pivotReadsPerDay(
      [
        { day: '2026-11-01', readerId: 'u1', reads: 3 },
        { day: '2026-11-03', readerId: 'u2', reads: 1 },
      ],
      new Map([
        ['u1', 'Ana'],
        ['u2', 'Ben'],
      ]),
      '2026-11-04',
    );
    expect(table.readers.map((r) => r.name)).toEqual(['Ana', 'Ben']);
    expect(table.days.map((d) => [d.day, d.counts.u1, d.counts.u2, d.total])).toEqual([
      ['2026-11-01', 3, 0, 3],
      ['2026-11-02', 0, 0, 0],
      ['2026-11-03', 0, 1, 1],
      ['2026-11-04', 0, 0, 0],
    ]);
  });

  it('thins long ROC curves evenly, keeping both ends', () => {
    const n = 500;
    const report = buildClassificationReport({
      labels: ['a', 'b'],
      yTrue: Array.from({ length: n }, (_, i) => i % 2),
      logits: Array.from({ length: n }, (_, i) => [Math.sin(i), Math.cos(i * 1.3)]),
      temperature: 1,
      normalLabels: ['a'],
    });
    const [curve] = rocCurves(report, 51);
    expect(curve.storedPoints).toBeGreaterThan(51);
    expect(curve.points).toHaveLength(51);
    expect(curve.points[0]).toEqual({ fpr: 0, tpr: 0 });
    expect(curve.points.at(-1)).toEqual({ fpr: 1, tpr: 1 });
  });

  it('counts progress by epoch and batch', () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction({ epoch: 3, epochs: 10 })).toBeCloseTo(0.3);
    expect(progressFraction({ epoch: 3, epochs: 10, batch: 5, batches: 10 })).toBeCloseTo(0.25);
  });

  it('accepts only meaningful export requests', () => {
    expect(exportRequestSchema.parse({ what: 'model', format: 'tfjs', kind: 'CNN', version: '3' })).toEqual({
      what: 'model',
      format: 'tfjs',
      kind: 'CNN',
      version: 3,
    });
    expect(exportRequestSchema.safeParse({ what: 'labels', format: 'tfjs' }).success).toBe(false);
    expect(exportRequestSchema.safeParse({ what: 'model', format: 'csv', kind: 'CNN' }).success).toBe(false);
    expect(exportRequestSchema.safeParse({ what: 'model', format: 'tfjs' }).success).toBe(false);
    expect(exportRequestSchema.safeParse({ what: 'everything', format: 'csv' }).success).toBe(false);
  });
});
