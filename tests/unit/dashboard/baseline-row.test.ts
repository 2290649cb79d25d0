import { describe, expect, it } from 'vitest';
import { baselineRow } from '@/lib/dashboard/comparison';
import { buildClassificationReport } from '@/lib/metrics/report';
import { jobBaselineSchema, type JobBaseline } from '@/lib/registry/job-baseline';

const report = buildClassificationReport({
  labels: ['normal', 'hemorrhage'],
  normalLabels: ['normal'],
  // Four scans: one hemorrhage called normal.
  yTrue: [0, 0, 1, 1],
  logits: [
    [2, 0],
    [1, 0],
    [0, 3],
    [0.5, 0],
  ],
  temperature: 1,
});

const baseline: JobBaseline = {
  split: 'test',
  report,
  l2: 0.1,
  trainCount: 40,
  imageSize: 224,
  featureSeconds: 7.5,
  fitSeconds: 0.5,
  backend: 'wasm (2 threads)',
};

describe('baselineRow', () => {
  it('puts the stored baseline in the comparison with the models’ columns', () => {
    // What the trainer stores survives the schema the dashboard reads it through.
    const stored = jobBaselineSchema.parse(JSON.parse(JSON.stringify(baseline)));
    const row = baselineRow({ id: 'job-1', finishedAt: new Date('2026-12-06T08:00:00Z') }, stored);
    expect(row).toMatchObject({
      kind: 'baseline',
      trainingJobId: 'job-1',
      measuredAt: '2026-12-06T08:00:00.000Z',
      split: 'test',
      accuracy: 0.75,
      lesionSensitivity: 0.5,
      lesionsCalledNormal: 1,
      labelCount: 40,
      evaluatedCount: 4,
      trainingTimeMs: 8000,
      trainImagesPerSecond: 5,
      inferImagesPerSecond: null,
      l2: 0.1,
      backend: 'wasm (2 threads)',
    });
    expect(row.macroF1).toBeCloseTo(report.macroF1, 12);
    expect(row.ece).toBe(report.calibration.eceAfter);
  });

  it('refuses a stored baseline that is not one', () => {
    expect(jobBaselineSchema.safeParse({ ...baseline, split: 'train' }).success).toBe(false);
    expect(jobBaselineSchema.safeParse({ split: 'test' }).success).toBe(false);
  });
});
