/**
 * The scoring job for a frozen ResNet50: the avg_pool features training cached per scan are
 * reused, the backbone runs only for scans it has not seen, and the stored predictions are
 * those of the saved full model on the images.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { importScans } from '@/server/use-cases/import-scans';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { predictProbabilities } from '@/trainer/predict';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { loadPreviews } from '@/trainer/service/load-images';
import { predictScans } from '@/trainer/service/predict-scans';
import { trainModel } from '@/trainer/train/train-model';
import { createLogger } from '@/server/logger';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject, makeUser } from '../../helpers/fixtures';

const SCANS = 16;
const TRAINED = 10;

describe('scoring with a frozen ResNet50', () => {
  let t: TestDatabase;
  let work: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    work = mkdtempSync(path.join(os.tmpdir(), 'nl-frozen-'));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('reads the features training cached, computes only the new scans, and stores what the full model predicts', async () => {
    const storageDir = path.join(work, 'storage');
    const lead = await makeUser(t.db, 'LEAD');
    const project = await makeProject(
      t.db,
      { task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'], imageSize: 64 },
      lead.id,
    );
    const data = await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: SCANS,
      outDir: path.join(work, 'ct'),
      seed: 3,
      difficulty: 0.2,
      size: 64,
    });
    const rows = parseLabelsCsv(readFileSync(data.labelsCsv, 'utf8'));
    await importScans(t.db, {
      projectId: project.id,
      userId: null,
      paths: rows.map((r) => path.join(data.outDir, r.file)),
      split: 'pool',
      storageDir,
      maxPixels: 1 << 24,
    });
    const truth = new Map(rows.map((r) => [path.basename(r.file), r.label]));
    const scans = await t.db.scan.findMany({ where: { projectId: project.id }, orderBy: { originalName: 'asc' } });
    const images = await loadPreviews(
      storageDir,
      scans.map((s) => s.previewPath),
    );

    const memory = memoryFeatureCache();
    let computed = 0;
    const featureCache = { get: memory.get, set: (k: string, v: Float32Array) => ((computed += 1), memory.set(k, v)) };
    const labels = ['normal', 'hemorrhage'];
    const item = (i: number) => ({
      key: scans[i].contentHash,
      label: labels.indexOf(truth.get(scans[i].originalName)!),
      image: images[i],
    });
    const trained = await trainModel(
      {
        labels,
        train: Array.from({ length: TRAINED }, (_, i) => item(i)),
        validation: [item(TRAINED), item(TRAINED + 1)],
      },
      {
        backend: await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') }),
        config: {
          kind: 'resnet50',
          variant: 'frozen',
          preprocessing: { imageSize: 64 },
          training: { epochs: 2, batchSize: 4 },
        },
        featureCache,
      },
    );
    // Each training scan and its mirror (featureViews 2), and each validation scan as it is.
    expect(computed).toBe(2 * TRAINED + 2);
    const version = await t.db.modelVersion.create({
      data: {
        projectId: project.id,
        kind: 'RESNET50',
        version: 1,
        backend: 'wasm',
        hyperParams: {},
        labelCount: TRAINED,
        state: 'READY',
      },
    });

    await predictScans(
      { db: t.db, storageDir, featureCache },
      [{ id: version.id, classifier: trained }],
      scans.map((s) => ({ id: s.id, previewPath: s.previewPath, contentHash: s.contentHash })),
    );
    // Only the scans training never saw went through the backbone.
    expect(computed).toBe(2 * TRAINED + 2 + (SCANS - TRAINED - 2));
    const stored = await t.db.prediction.findMany({ where: { modelVersionId: version.id } });
    expect(stored).toHaveLength(SCANS);
    const direct = predictProbabilities(trained, images);
    const byScan = new Map(stored.map((p) => [p.scanId, p.probabilities]));
    const diff = scans.flatMap((s, i) => byScan.get(s.id)!.map((p, c) => Math.abs(p - direct.probabilities[i][c])));
    expect(Math.max(...diff)).toBeLessThan(1e-3);
    trained.model.dispose();
  }, 120_000);
});
