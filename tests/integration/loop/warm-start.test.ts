/**
 * A retrain warm-starts from the active version of its kind: the version read back from
 * PostgreSQL (whose JSON columns may reorder keys) is recognised as the same architecture,
 * its weights are the starting point, and the retrain runs the short warm-start schedule.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { resolveModelConfig } from '@/lib/models/configs';
import { createLogger } from '@/server/logger';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { importScans } from '@/server/use-cases/import-scans';
import { listTrainingScans } from '@/server/use-cases/list-training-scans';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildDataset } from '@/trainer/service/build-dataset';
import { sameArchitecture, trainProjectModel } from '@/trainer/service/train-project-model';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';

const log = createLogger('silent');

describe('warm-started retraining', () => {
  let t: TestDatabase;
  let work: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    work = mkdtempSync(path.join(os.tmpdir(), 'nl-warm-'));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('a second model of a kind starts from the active one and trains the warm-start epochs only', async () => {
    const storageDir = path.join(work, 'storage');
    const project = await makeProject(t.db, {
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
      modelKinds: ['CNN'],
      imageSize: 32,
    });
    const data = await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: 40,
      outDir: path.join(work, 'ct'),
      seed: 3,
      difficulty: 0.3,
      size: 64,
    });
    const rows = parseLabelsCsv(readFileSync(data.labelsCsv, 'utf8'));
    await importScans(t.db, {
      projectId: project.id,
      userId: null,
      paths: rows.map((r) => path.join(data.outDir, r.file)),
      labels: rows,
      split: 'train',
      storageDir,
      maxPixels: 1 << 24,
    });
    const deps = {
      db: t.db,
      log,
      storageDir,
      backend: await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: log }),
      featureCache: memoryFeatureCache(),
    };
    const train = async () => {
      const { scans, snapshot } = await listTrainingScans(t.db, project);
      const dataset = await buildDataset(storageDir, project, scans);
      const trained = await trainProjectModel(deps, {
        project,
        kind: 'CNN',
        dataset,
        labelSnapshotId: snapshot.id,
        trainingJobId: null,
        // The first model runs up to 6 epochs; the warm start, warmStartEpochs.
        overrides: { epochs: 6 },
      });
      trained.classifier.model.dispose();
      return trained;
    };
    const { version: first, parentScore: none } = await train();
    expect(first.parentId).toBeNull();
    expect(first.active).toBe(true);
    expect(none).toBeNull();
    const { version: second, decision, parentScore } = await train();
    expect(second.parentId).toBe(first.id);
    // The gate scored the active version on the new version's own validation scans.
    const validation = await t.db.evaluatedScan.count({ where: { modelVersionId: second.id, split: 'VALIDATION' } });
    expect(validation).toBeGreaterThan(0);
    expect(parentScore).toEqual({ macroF1: expect.any(Number), examples: validation });
    expect((second.metrics as { gate?: unknown }).gate).toEqual({
      versionId: first.id,
      version: first.version,
      macroF1: parentScore!.macroF1,
    });
    const secondF1 = (second.metrics as { validation: { macroF1: number } }).validation.macroF1;
    expect(decision.promote).toBe(secondF1 >= parentScore!.macroF1);
    const warmEpochs = resolveModelConfig({ kind: 'cnn' }).training.warmStartEpochs;
    const history = (second.metrics as { history: unknown[] }).history;
    expect(history.length).toBeGreaterThan(0);
    expect(history.length).toBeLessThanOrEqual(warmEpochs);
  });

  it('compares architectures by content, whatever the order of their keys', () => {
    const architecture = { stemFilters: 24, stemKernel: 5, stages: [32, 64], convsPerStage: 1 };
    const stored = { architecture: { stages: [32, 64], convsPerStage: 1, stemKernel: 5, stemFilters: 24 } };
    expect(sameArchitecture(stored, architecture)).toBe(true);
    expect(sameArchitecture({ architecture: { ...stored.architecture, stages: [32, 128] } }, architecture)).toBe(false);
    expect(sameArchitecture(null, architecture)).toBe(false);
  });
});
