import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelVersionMetricsSchema } from '@/lib/registry/model-metrics';
import { progressFraction } from '@/lib/dashboard/training-jobs';
import { getAnnotatorSummary } from '@/server/use-cases/get-annotator-summary';
import { getConfusionCellScans } from '@/server/use-cases/get-confusion-cell-scans';
import { getLabelProgress } from '@/server/use-cases/get-label-progress';
import { getModelQuality } from '@/server/use-cases/get-model-quality';
import { getProjectDashboard } from '@/server/use-cases/get-project-dashboard';
import { getReadsPerAnnotator } from '@/server/use-cases/get-reads-per-annotator';
import { listTrainingJobs } from '@/server/use-cases/list-training-jobs';
import { LABELS, scanName } from '../../helpers/dashboard-fixtures';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { seedDashboardProject } from './setup';

describe('lead dashboard and annotator view (seeded history)', () => {
  let t: TestDatabase;
  let s: Awaited<ReturnType<typeof seedDashboardProject>>;
  beforeAll(async () => {
    t = await createTestDatabase();
    s = await seedDashboardProject(t);
  });
  afterAll(() => t.drop());

  it('partitions the scans by labelling state and counts the suspected errors', async () => {
    const progress = await getLabelProgress(t.db, s.project);
    expect(progress.counts).toEqual(s.fixture.expected.progress);
    expect(progress.scans).toBe(40);
    expect(Object.values(progress.counts).reduce((a, b) => a + b, 0)).toBe(progress.scans);
    expect(progress.suspectedErrors).toBe(s.fixture.expected.suspectedErrors);
  });

  it('shows every version per kind, with state instead of zeros where there are no metrics', async () => {
    const q = await getModelQuality(t.db, s.project);
    expect(q.kinds).toEqual(['CNN', 'RESNET', 'RESNET50']);
    const cnn = q.series.find((x) => x.kind === 'CNN')!.points;
    expect(cnn.map((p) => [p.version, p.state, p.active])).toEqual([
      [1, 'READY', false],
      [2, 'READY', true],
      [3, 'FAILED', false],
    ]);
    expect(cnn[2]).toMatchObject({ macroF1: null, accuracy: null, ece: null, lesionSensitivity: null });
    const stored = modelVersionMetricsSchema.parse(
      (await t.db.modelVersion.findUniqueOrThrow({ where: { id: s.fixture.versions.cnn2 } })).metrics,
    );
    expect(cnn[1]).toMatchObject({
      split: 'test',
      labelCount: 30,
      macroF1: stored.test!.macroF1,
      accuracy: stored.test!.accuracy,
      macroAuc: stored.test!.macroAuc,
      lesionSensitivity: stored.test!.lesion.detectionSensitivity,
      lesionsCalledNormal: 1,
      ece: stored.test!.calibration.eceAfter,
    });
  });

  it('puts the active version first in the headline, with the previous version to compare', async () => {
    const q = await getModelQuality(t.db, s.project);
    const [cnn, resnet, resnet50] = q.headlines;
    expect(cnn.current?.version).toBe(2);
    expect(cnn.previous?.version).toBe(1);
    expect(cnn.current!.macroF1!).toBeGreaterThan(cnn.previous!.macroF1!);
    expect(cnn.latest).toEqual({ version: 3, state: 'FAILED' });
    expect(resnet.current?.version).toBe(1);
    expect(resnet.previous).toBeNull();
    expect(resnet50).toMatchObject({ current: null, latest: { version: 1, state: 'TRAINING' } });
    expect(q.comparison.map((r) => [r.kind, r.version, r.backend, r.trainingTimeMs])).toEqual([
      ['CNN', 2, 'wasm', 83_500],
      ['RESNET', 1, 'tensorflow', 245_000],
    ]);
  });

  it('recomputes the scans behind every confusion cell of the active version from the store', async () => {
    for (const t_ of LABELS) {
      for (const p of LABELS) {
        const cell = await getConfusionCellScans(t.db, s.project, {
          versionId: s.fixture.versions.cnn2,
          trueLabel: t_,
          predLabel: p,
        });
        const expected = s.fixture.expected.cnn2Cells[`${t_}->${p}`];
        expect(cell.scans.map((x) => x.originalName)).toEqual([...expected].sort());
        expect(cell.storedCount).toBe(expected.length);
        expect(cell.split).toBe('test');
      }
    }
    const missed = await getConfusionCellScans(t.db, s.project, {
      versionId: s.fixture.versions.cnn2,
      trueLabel: 'hemorrhage',
      predLabel: 'normal',
    });
    expect(missed.scans.map((x) => x.originalName)).toEqual([scanName(15)]);
    expect(missed.scans[0].probabilities?.[0]).toBeGreaterThan(missed.scans[0].probabilities?.[1] ?? 1);
  });

  it('refuses a confusion cell of an unknown or unevaluated version, or an unknown label', async () => {
    const ask = (versionId: string, trueLabel = 'normal', predLabel = 'normal') =>
      getConfusionCellScans(t.db, s.project, { versionId, trueLabel, predLabel });
    await expect(ask('no-such-version')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(ask(s.fixture.versions.cnn3)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('FAILED'),
    });
    await expect(ask(s.fixture.versions.cnn2, 'glioma')).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('gives each annotator their reads, agreement with consensus and the adjudications that overruled them', async () => {
    const [a, b] = s.readers;
    const forB = await getAnnotatorSummary(t.db, s.project, b.id);
    expect(forB.counts.currentReads).toBe(30);
    expect(forB.counts.rowsWritten).toBe(32);
    expect(forB.overruled.map((o) => o.originalName)).toEqual(s.fixture.expected.overruledForB);
    expect(forB.overruled[0]).toMatchObject({
      myLabels: ['hemorrhage'],
      adjudicated: ['normal'],
      adjudicatedBy: s.clinician.name,
    });
    expect(forB.consensus?.compared).toBeGreaterThan(0);
    expect(forB.consensus!.agreement!).toBeLessThan(1);
    const differs = forB.reads.filter((r) => r.agrees === false).map((r) => r.originalName);
    expect(differs).toContain(scanName(5));
    const forA = await getAnnotatorSummary(t.db, s.project, a.id);
    expect(forA.counts.currentReads).toBe(34);
    expect(forA.overruled).toEqual([]);
    // Dawid–Skene's consensus on a one-to-one disagreement is near a coin toss: A, always right, still leads B.
    expect(forA.consensus!.agreement!).toBeGreaterThan(forB.consensus!.agreement!);
    expect(forA.reads.filter((r) => r.status === 'awaiting-second-read')).toHaveLength(4);
  });

  it('counts reads per annotator per day as the distinct scans each reader labelled that day', async () => {
    const table = await getReadsPerAnnotator(t.db, { projectId: s.project.id });
    const rows = await t.db.annotation.findMany({
      where: { projectId: s.project.id, source: { not: 'ADJUDICATION' } },
    });
    const expected = new Map<string, Set<string>>();
    for (const r of rows) {
      if (r.value === null) continue;
      const key = `${r.createdAt.toISOString().slice(0, 10)}|${r.authorId}`;
      (expected.get(key) ?? expected.set(key, new Set()).get(key)!).add(r.scanId);
    }
    for (const d of table.days) {
      for (const reader of table.readers)
        expect(d.counts[reader.id]).toBe(expected.get(`${d.day}|${reader.id}`)?.size ?? 0);
    }
    expect(table.readers.map((r) => r.name).sort()).toEqual(['reader-a', 'reader-b', 'reader-c']);
    expect(table.days.at(-1)?.day).toBe(new Date().toISOString().slice(0, 10));
  });

  it('lists the training history with the live job and its progress', async () => {
    const jobs = await listTrainingJobs(t.db, s.project.id);
    expect(jobs.jobs.map((j) => j.state)).toEqual(['RUNNING', 'FAILED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(jobs.live?.id).toBe(s.fixture.jobs.running);
    expect(jobs.live?.progress).toMatchObject({ kind: 'RESNET50', epoch: 3, epochs: 10 });
    expect(progressFraction(jobs.live!.progress)).toBeCloseTo(0.25);
    expect(
      jobs.jobs.find((j) => j.id === s.fixture.jobs.second)?.versions.map((v) => `${v.kind} v${v.version}`),
    ).toEqual(['CNN v2', 'RESNET v1']);
    expect(jobs.jobs.find((j) => j.id === s.fixture.jobs.failed)?.error).toBe('CNN: out of memory');
  });

  it('assembles the whole dashboard, the active evaluation of the kind asked for, and agreement', async () => {
    const d = await getProjectDashboard(t.db, s.project, { storageDir: '/nonexistent' });
    expect(d.evaluation).toMatchObject({
      kind: 'CNN',
      version: 2,
      split: 'test',
      count: 12,
      labels: ['normal', 'hemorrhage'],
    });
    expect(d.evaluation!.confusionMatrix).toEqual([
      [7, 1],
      [1, 3],
    ]);
    expect(d.evaluation!.roc.map((r) => r.label)).toEqual(['normal', 'hemorrhage']);
    const resnet = await getProjectDashboard(t.db, s.project, { kind: 'RESNET', storageDir: '/nonexistent' });
    expect(resnet.evaluation).toMatchObject({ kind: 'RESNET', version: 1 });
    expect(d.agreement.report.counts.readers).toBe(3);
    expect(d.agreement.report.cohen_kappa).toHaveLength(3);
    expect(d.agreement.byWeek.length).toBeGreaterThan(0);
    expect(d.agreement.byModelVersion.length).toBeGreaterThan(0);
    // Aggregates only: the dashboard carries no per-scan posteriors.
    expect(d.agreement.report.dawid_skene.ok && d.agreement.report.dawid_skene.posteriors).toEqual([]);
    expect(JSON.parse(JSON.stringify(d, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)))).toBeTruthy();
  });
});
