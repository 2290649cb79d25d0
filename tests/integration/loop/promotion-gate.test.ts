/**
 * The promotion gate in PostgreSQL: a new version replaces the active one when it is not worse,
 * judged against the active version's F1 on the new version's validation scans when the trainer
 * measured it (metrics.gate), else against the F1 the active version recorded when it trained.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelVersionMetrics } from '@/lib/registry/model-metrics';
import { listTrainingScans } from '@/server/use-cases/list-training-scans';
import { registerModelVersion } from '@/server/use-cases/register-model-version';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';

const metrics = (macroF1: number, gate?: ModelVersionMetrics['gate']) =>
  ({
    validation: { macroF1 },
    test: null,
    history: [],
    trainImagesPerSecond: null,
    inferImagesPerSecond: null,
    ...(gate ? { gate } : {}),
  }) as unknown as ModelVersionMetrics;

describe('registerModelVersion', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it("compares with the active version's score on the new scans when given, else with its recorded one", async () => {
    const project = await makeProject(t.db, { task: 'BINARY', labels: ['normal', 'lesion'], normalLabels: ['normal'] });
    const { snapshot } = await listTrainingScans(t.db, project);
    let version = 0;
    const register = (macroF1: number, gate?: ModelVersionMetrics['gate']) =>
      registerModelVersion(t.db, {
        projectId: project.id,
        kind: 'CNN',
        version: ++version,
        backend: 'wasm',
        hyperParams: {},
        metrics: metrics(macroF1, gate),
        labelCount: 10,
        labelSnapshotId: snapshot.id,
        trainingTimeMs: 1,
        artifactPath: `models/${project.id}/cnn-v${version}`,
        parentId: null,
        trainingJobId: null,
      });

    const first = await register(0.9);
    expect(first.decision).toEqual({ promote: true, reason: 'no-active' });
    // Against the recorded 0.9, 0.85 is worse.
    expect((await register(0.85)).decision).toEqual({ promote: false, reason: 'worse' });
    // The active version scored 0.8 on the new version's validation scans: 0.85 is not worse.
    const third = await register(0.85, { versionId: first.version.id, version: 1, macroF1: 0.8 });
    expect(third.decision).toEqual({ promote: true, reason: 'not-worse' });
    const active = await t.db.modelVersion.findMany({ where: { projectId: project.id, active: true } });
    expect(active.map((v) => v.id)).toEqual([third.version.id]);
    // A score of a version that is no longer active is not the active one's: its recorded 0.85 stands.
    const fourth = await register(0.84, { versionId: first.version.id, version: 1, macroF1: 0.5 });
    expect(fourth.decision).toEqual({ promote: false, reason: 'worse' });
  });
});
