/**
 * Feature warming: while no job runs, the trainer computes the frozen ResNet50 features a
 * project's next job reads, under the keys training and scoring use, so that the job computes
 * none of them; a job holds the warmer off and gets the CPU after the chunk in progress.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { listTrainingScans } from '@/server/use-cases/list-training-scans';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { memoryFeatureCache, type FeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildDataset } from '@/trainer/service/build-dataset';
import { startFeatureWarmer } from '@/trainer/service/feature-warmer';
import { predictScans } from '@/trainer/service/predict-scans';
import { trainProjectModel } from '@/trainer/service/train-project-model';
import { warmAllProjects, warmProjectFeatures } from '@/trainer/service/warm-features';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';
import { importSynthScans } from '../../helpers/synth-project';
import { startTrainerProcess, waitFor } from '../../helpers/trainer-process';

const log = createLogger('silent');
const LABELLED = 10;
const UNLABELLED = 6;

/** A memory cache that counts what is read and written. */
function countingCache(): FeatureCache & { sets: number; gets: number } {
  const memory = memoryFeatureCache();
  const c = {
    sets: 0,
    gets: 0,
    get: (k: string) => ((c.gets += 1), memory.get(k)),
    set: (k: string, v: Float32Array) => ((c.sets += 1), memory.set(k, v)),
  };
  return c;
}

describe('feature warming', () => {
  let t: TestDatabase;
  let work: string;
  let storageDir: string;
  let project: Awaited<ReturnType<typeof makeProject>>;
  let backend: Awaited<ReturnType<typeof chooseBackend>>;
  beforeAll(async () => {
    // The trainer chooses its backend at start, before any warming.
    backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: log });
    t = await createTestDatabase();
    work = mkdtempSync(path.join(os.tmpdir(), 'nl-warming-'));
    storageDir = path.join(work, 'storage');
    // A new project's defaults: the three kinds, ResNet50 'stage4' on its frozen backbone at 224 px.
    project = await makeProject(t.db, { task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'] });
    await importSynthScans(t.db, {
      projectId: project.id,
      work,
      storageDir,
      labelled: LABELLED,
      unlabelled: UNLABELLED,
      seed: 5,
    });
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it("computes what the project's next job reads, so that the job computes nothing", async () => {
    const cache = countingCache();
    const deps = { db: t.db, storageDir, featureCache: cache };
    const known = new Set<string>();
    // Every scan's own view, and each labelled scan's mirror (featureViews 2).
    expect(await warmProjectFeatures(deps, project, { known, chunk: 4 })).toEqual({
      computed: LABELLED + UNLABELLED,
      complete: true,
    });
    expect(cache.sets).toBe(2 * LABELLED + UNLABELLED);
    // A later pass reads nothing again; a pass that knows nothing reads the cache and computes nothing.
    const gets = cache.gets;
    expect(await warmAllProjects(deps, { known })).toEqual({ computed: 0, complete: true });
    expect(cache.gets).toBe(gets);
    expect(await warmAllProjects(deps)).toEqual({ computed: 0, complete: true });
    expect(cache.sets).toBe(2 * LABELLED + UNLABELLED);

    // The job: train the project's ResNet50, then score every scan. Neither runs the backbone.
    const { scans, snapshot } = await listTrainingScans(t.db, project);
    const dataset = await buildDataset(storageDir, project, scans);
    const trained = await trainProjectModel(
      { db: t.db, log, storageDir, featureCache: cache, backend },
      {
        project,
        kind: 'RESNET50',
        dataset,
        labelSnapshotId: snapshot.id,
        trainingJobId: null,
        overrides: { epochs: 2 },
      },
    );
    expect(cache.sets).toBe(2 * LABELLED + UNLABELLED);
    const all = await t.db.scan.findMany({ where: { projectId: project.id } });
    const scored = await predictScans(
      { db: t.db, storageDir, featureCache: cache },
      [{ id: trained.version.id, classifier: trained.classifier }],
      all.map((s) => ({ id: s.id, previewPath: s.previewPath, contentHash: s.contentHash })),
    );
    expect(scored.predicted[trained.version.id]).toBe(LABELLED + UNLABELLED);
    expect(cache.sets).toBe(2 * LABELLED + UNLABELLED);
    trained.classifier.model.dispose();
  }, 180_000);

  it('stops between chunks when asked, and the next pass goes on from there', async () => {
    const cache = countingCache();
    const deps = { db: t.db, storageDir, featureCache: cache };
    const known = new Set<string>();
    let chunks = 0;
    const first = await warmAllProjects(deps, { known, chunk: 4, shouldStop: () => chunks++ >= 2 });
    expect(first).toEqual({ computed: 8, complete: false });
    const rest = await warmAllProjects(deps, { known, chunk: 4 });
    expect(rest).toEqual({ computed: LABELLED + UNLABELLED - 8, complete: true });
    expect(cache.sets).toBe(2 * LABELLED + UNLABELLED);
  }, 120_000);

  it('a job run through the warmer gets the CPU after the chunk in progress; the warmer then finishes', async () => {
    const cache = countingCache();
    const warmer = startFeatureWarmer({ db: t.db, storageDir, featureCache: cache }, { idleMs: 60_000, chunk: 2 });
    try {
      // Let the first chunk start, then ask for the CPU as a job does.
      await expect.poll(() => cache.gets, { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
      const during = await warmer.exclusive(async () => {
        const at = cache.sets;
        await new Promise((r) => setTimeout(r, 300));
        return { at, after: cache.sets };
      });
      expect(during.after).toBe(during.at);
      expect(during.at).toBeLessThan(2 * LABELLED + UNLABELLED);
      // Released, the pass resumes at once (not after the idle wait) and computes the rest.
      await expect.poll(() => cache.sets, { timeout: 60_000, interval: 50 }).toBe(2 * LABELLED + UNLABELLED);
    } finally {
      await warmer.stop();
    }
  }, 120_000);

  it('a trainer process with no job warms the project into its feature cache on disk', async () => {
    const trainer = startTrainerProcess({
      DATABASE_URL: t.url,
      DATA_DIR: path.join(storageDir, 'data'),
      STORAGE_DIR: storageDir,
      TFJS_BACKEND: 'wasm',
    });
    const files = () => {
      try {
        return readdirSync(path.join(storageDir, 'feature-cache'), { recursive: true }).filter((f) =>
          String(f).endsWith('.f32'),
        ).length;
      } catch {
        return 0;
      }
    };
    try {
      await waitFor('the warmed features on disk', async () => files() === 2 * LABELLED + UNLABELLED, 120_000, 200);
      await waitFor('the warming logged', async () => trainer.output().includes('computed ahead of the next job'));
    } finally {
      trainer.kill('SIGTERM');
    }
  }, 180_000);
});
