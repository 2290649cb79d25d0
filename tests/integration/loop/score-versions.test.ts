/**
 * Several model versions score a project's scans in one pass: each stores a prediction of
 * every scan it had not scored, none scores a scan twice, and what each stores is what its
 * model predicts on the scan, whatever the other versions read alongside it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { createLogger } from '@/server/logger';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { importScans } from '@/server/use-cases/import-scans';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { predictProbabilities } from '@/trainer/predict';
import { loadPreviews } from '@/trainer/service/load-images';
import { predictScans } from '@/trainer/service/predict-scans';
import { trainModel } from '@/trainer/train/train-model';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-db';
import { makeProject } from '../../helpers/fixtures';

const SCANS = 40;

describe('scoring with several versions at once', () => {
  let t: TestDatabase;
  let work: string;
  beforeAll(async () => {
    t = await createTestDatabase();
    work = mkdtempSync(path.join(os.tmpdir(), 'nl-score-'));
  });
  afterAll(async () => {
    await t?.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('stores each version’s own predictions of every scan once, in batches shared by the versions', async () => {
    const storageDir = path.join(work, 'storage');
    const project = await makeProject(t.db, {
      task: 'BINARY',
      labels: ['normal', 'hemorrhage'],
      normalLabels: ['normal'],
    });
    const data = await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: SCANS,
      outDir: path.join(work, 'ct'),
      seed: 4,
      difficulty: 0.3,
      size: 48,
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
    const scans = await t.db.scan.findMany({ where: { projectId: project.id }, orderBy: { originalName: 'asc' } });
    const images = await loadPreviews(
      storageDir,
      scans.map((s) => s.previewPath),
    );
    const truth = new Map(rows.map((r) => [path.basename(r.file), r.label === 'normal' ? 0 : 1]));
    const dataset = {
      labels: ['normal', 'hemorrhage'],
      train: scans.map((s, i) => ({ key: s.contentHash, label: truth.get(s.originalName)!, image: images[i] })),
    };
    const backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    // Two kinds at two input sizes: each prepares its own inputs from the same previews.
    const cnn = await trainModel(dataset, {
      backend,
      config: { kind: 'cnn', preprocessing: { imageSize: 32 }, training: { epochs: 1, batchSize: 8 } },
    });
    const resnet = await trainModel(dataset, {
      backend,
      config: { kind: 'resnet', preprocessing: { imageSize: 40 }, training: { epochs: 1, batchSize: 8 } },
    });
    const versions = await Promise.all(
      (['CNN', 'RESNET'] as const).map((kind) =>
        t.db.modelVersion.create({
          data: {
            projectId: project.id,
            kind,
            version: 1,
            backend: 'wasm',
            hyperParams: {},
            labelCount: SCANS,
            state: 'READY',
          },
        }),
      ),
    );
    const toScore = scans.map((s) => ({ id: s.id, previewPath: s.previewPath, contentHash: s.contentHash }));
    // The cnn has scored the first ten already.
    const first = await predictScans(
      { db: t.db, storageDir },
      [{ id: versions[0].id, classifier: cnn }],
      toScore.slice(0, 10),
    );
    expect(first.predicted).toEqual({ [versions[0].id]: 10 });
    const batches: number[] = [];
    const both = await predictScans(
      { db: t.db, storageDir },
      [
        { id: versions[0].id, classifier: cnn },
        { id: versions[1].id, classifier: resnet },
      ],
      toScore,
      { batch: 16, onBatch: (done) => batches.push(done) },
    );
    expect(both.predicted).toEqual({ [versions[0].id]: SCANS - 10, [versions[1].id]: SCANS });
    expect(batches).toEqual([16, 32, 40]);
    for (const [k, classifier] of [cnn, resnet].entries()) {
      const stored = await t.db.prediction.findMany({ where: { modelVersionId: versions[k].id } });
      expect(stored).toHaveLength(SCANS);
      const direct = predictProbabilities(classifier, images).probabilities;
      const byScan = new Map(stored.map((p) => [p.scanId, p]));
      scans.forEach((s, i) => {
        const p = byScan.get(s.id)!;
        p.probabilities.forEach((v, c) => expect(Math.abs(v - direct[i][c])).toBeLessThan(1e-4));
        expect((p.mcSamples as number[][]).length).toBe(8);
      });
    }
    // Nothing is scored twice.
    const again = await predictScans(
      { db: t.db, storageDir },
      [
        { id: versions[0].id, classifier: cnn },
        { id: versions[1].id, classifier: resnet },
      ],
      toScore,
    );
    expect(again.predicted).toEqual({ [versions[0].id]: 0, [versions[1].id]: 0 });
    // A batch is stored while the next is scored: a store that fails still fails the pass.
    const gone = await t.db.modelVersion.create({
      data: { projectId: project.id, kind: 'CNN', version: 2, backend: 'wasm', hyperParams: {}, labelCount: SCANS },
    });
    await t.db.modelVersion.delete({ where: { id: gone.id } });
    await expect(
      predictScans({ db: t.db, storageDir }, [{ id: gone.id, classifier: cnn }], toScore, { batch: 16 }),
    ).rejects.toThrow();
    expect(await t.db.prediction.count({ where: { modelVersionId: gone.id } })).toBe(0);
    cnn.model.dispose();
    resnet.model.dispose();
  }, 120_000);
});
