import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfusionCellScans } from '@/server/use-cases/get-confusion-cell-scans';
import { saveEvaluatedScans } from '@/server/use-cases/save-evaluated-scans';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { seedDashboardProject } from './setup';

describe('a confusion cell opens the scans its version was evaluated on', () => {
  let t: TestDatabase;
  let s: Awaited<ReturnType<typeof seedDashboardProject>>;
  beforeAll(async () => {
    t = await createTestDatabase();
    s = await seedDashboardProject(t);
  });
  afterAll(() => t?.drop());

  it('reads the recorded evaluation, whatever the scans’ split or today’s reference labels', async () => {
    const versionId = s.fixture.versions.cnn2;
    // Held-out examples may come from training scans (a validation share of train), which Scan.split cannot find.
    const scans = await t.db.scan.findMany({
      where: { projectId: s.project.id, split: 'TRAIN' },
      orderBy: { originalName: 'asc' },
      take: 3,
      select: { id: true, originalName: true },
    });
    expect(scans).toHaveLength(3);
    await saveEvaluatedScans(t.db, versionId, [
      { scanId: scans[0].id, split: 'TEST', trueLabel: 'hemorrhage', predictedLabel: 'normal' },
      { scanId: scans[1].id, split: 'TEST', trueLabel: 'hemorrhage', predictedLabel: 'normal' },
      { scanId: scans[2].id, split: 'TEST', trueLabel: 'normal', predictedLabel: 'normal' },
      // The other split of the same version is not this evaluation's.
      { scanId: scans[2].id, split: 'VALIDATION', trueLabel: 'hemorrhage', predictedLabel: 'normal' },
    ]);
    const cell = await getConfusionCellScans(t.db, s.project, {
      versionId,
      trueLabel: 'hemorrhage',
      predLabel: 'normal',
    });
    expect(cell.source).toBe('evaluated');
    expect(cell.split).toBe('test');
    expect(cell.scans.map((x) => x.id)).toEqual([scans[0].id, scans[1].id]);
    const other = await getConfusionCellScans(t.db, s.project, { versionId, trueLabel: 'normal', predLabel: 'normal' });
    expect(other.scans.map((x) => x.id)).toEqual([scans[2].id]);
    const none = await getConfusionCellScans(t.db, s.project, {
      versionId,
      trueLabel: 'normal',
      predLabel: 'hemorrhage',
    });
    expect(none.scans).toEqual([]);
    expect(await t.db.evaluatedScan.count({ where: { modelVersionId: versionId } })).toBe(4);
  });

  it('a version trained before evaluations were recorded falls back to recomputing its cell', async () => {
    const cell = await getConfusionCellScans(t.db, s.project, {
      versionId: s.fixture.versions.cnn1,
      trueLabel: 'hemorrhage',
      predLabel: 'hemorrhage',
    });
    expect(cell.source).toBe('recomputed');
    expect(cell.scans.length).toBeGreaterThan(0);
  });
});
