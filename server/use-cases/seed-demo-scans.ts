import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import type { Db } from '@/server/store/handle';
import type { Logger } from '@/server/logger';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { setLabelsAtLastTraining } from '@/server/store/imports';
import { findProjectOrThrow } from '@/server/store/project-views';
import { computeTrainingLabels } from './compute-training-labels';
import { importScans } from './import-scans';

/**
 * Fills the demo project with synthetic head CT slices (DICOM): a labelled held-out TEST
 * set (20%), labelled TRAIN slices standing in for an existing dataset (30%), and an
 * unlabelled POOL (50%) for the readers and the active-learning loop. The imported labels
 * are the baseline of the retrain threshold: the first training starts after the threshold's
 * worth of newly labelled scans (or Train now), not on the first reader's first key press.
 */
export async function seedDemoScans(
  db: Db,
  opts: { projectId: string; count: number; storageDir: string; maxPixels: number; log?: Logger; seed?: number },
): Promise<{ imported: number }> {
  if (opts.count <= 0) return { imported: 0 };
  const dir = await mkdtemp(path.join(os.tmpdir(), 'neuroloop-demo-'));
  try {
    const data = await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: opts.count,
      outDir: dir,
      seed: opts.seed ?? 2026,
      difficulty: 0.5,
      size: 256,
    });
    const rows = parseLabelsCsv(await readFile(data.labelsCsv, 'utf8'));
    const files = rows.map((r) => path.join(dir, r.file));
    const testEnd = Math.round(files.length * 0.2);
    const trainEnd = testEnd + Math.round(files.length * 0.3);
    const parts = [
      { split: 'test' as const, paths: files.slice(0, testEnd), labels: rows.slice(0, testEnd) },
      { split: 'train' as const, paths: files.slice(testEnd, trainEnd), labels: rows.slice(testEnd, trainEnd) },
      { split: 'pool' as const, paths: files.slice(trainEnd), labels: undefined },
    ];
    let imported = 0;
    for (const part of parts) {
      if (part.paths.length === 0) continue;
      const summary = await importScans(
        db,
        {
          projectId: opts.projectId,
          userId: null,
          paths: part.paths,
          split: part.split,
          labels: part.labels,
          storageDir: opts.storageDir,
          maxPixels: opts.maxPixels,
        },
        { log: opts.log },
      );
      imported += summary.imported;
    }
    const project = await findProjectOrThrow(db, opts.projectId);
    const { usableCount } = await computeTrainingLabels(db, project);
    await setLabelsAtLastTraining(db, project.id, usableCount);
    opts.log?.info(
      { importedLabels: usableCount, retrainThreshold: project.retrainThreshold },
      'demo: imported labels are the training baseline; training starts after the threshold of new labels or Train now',
    );
    return { imported };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
