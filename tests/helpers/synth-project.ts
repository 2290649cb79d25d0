import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import type { Db } from '@/server/db/client';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { importScans } from '@/server/use-cases/import-scans';

/**
 * Synthetic 64 px CT slices imported into a project: the first `labelled` with their labels
 * (training split), the next `unlabelled` into the pool.
 */
export async function importSynthScans(
  db: Db,
  o: { projectId: string; work: string; storageDir: string; labelled: number; unlabelled: number; seed: number },
): Promise<void> {
  const data = await writeSynthDataset({
    kind: 'ct-hemorrhage',
    count: o.labelled + o.unlabelled,
    outDir: path.join(o.work, 'ct'),
    seed: o.seed,
    difficulty: 0.3,
    size: 64,
  });
  const rows = parseLabelsCsv(readFileSync(data.labelsCsv, 'utf8'));
  const common = { projectId: o.projectId, userId: null, storageDir: o.storageDir, maxPixels: 1 << 24 };
  const labelled = rows.slice(0, o.labelled);
  await importScans(db, {
    ...common,
    paths: labelled.map((r) => path.join(data.outDir, r.file)),
    labels: labelled,
    split: 'train',
  });
  await importScans(db, {
    ...common,
    paths: rows.slice(o.labelled).map((r) => path.join(data.outDir, r.file)),
    split: 'pool',
  });
}
