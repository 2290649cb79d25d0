import path from 'node:path';
import fs from 'node:fs/promises';
import { z } from 'zod';
import { modelKindSchema } from '@/lib/models/configs';
import { loadConfig } from '@/server/config';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { writeConfusionMatrixPng } from '@/trainer/compare/confusion-png';
import { loadFolderDataset } from '@/trainer/compare/load-folder-dataset';
import { runComparison, type ComparisonResult } from '@/trainer/compare/run-comparison';
import { meanSd } from '@/lib/metrics/mean-sd';
import { metricColumns } from '@/trainer/compare/summarise';
import { diskFeatureCache } from '@/trainer/resnet50/feature-cache';
import type { TrainingProgress } from '@/trainer/train/types';
import { parseFlags } from '../flags';
import { createProgressBar, printTable } from '../output';
import type { CliCommand, CliIO } from '../types';

const list = (s: string) => s.split(',').map((v) => v.trim()).filter(Boolean);

const compareFlagsSchema = z.object({
  data: z.string().min(1),
  test: z.string().min(1).optional(),
  models: z.string().default('cnn,resnet,resnet50').transform(list).pipe(z.array(modelKindSchema).min(1)),
  folds: z.coerce.number().int().min(2).max(20).default(5),
  'image-size': z.coerce.number().int().min(32).max(512).default(128),
  json: z.string().min(1).optional(),
  out: z.string().min(1).optional(),
  seed: z.coerce.number().int().default(42),
  epochs: z.coerce.number().int().min(1).max(1000).optional(),
  normal: z.string().transform(list).optional(),
  'cache-dir': z.string().min(1).optional(),
});

const options = {
  data: { type: 'string' },
  test: { type: 'string' },
  models: { type: 'string' },
  folds: { type: 'string' },
  'image-size': { type: 'string' },
  json: { type: 'string' },
  out: { type: 'string' },
  seed: { type: 'string' },
  epochs: { type: 'string' },
  normal: { type: 'string' },
  'cache-dir': { type: 'string' },
} as const;

const help = `Usage: neuroloop compare --data DIR [--test DIR] [--models cnn,resnet,resnet50] [--folds K]
                         [--image-size S] [--json out.json] [--out DIR] [flags]

The studies' experiment on a folder dataset, no database needed: a plain CNN, a ResNet
trained from scratch and an ImageNet ResNet50 (head, then stage 5 fine-tuned), on the
same splits with the same preprocessing. Prints every metric side by side with training
time and backend, and writes a confusion-matrix PNG per model.

Layouts (PNG, JPEG or DICOM files):
  DIR/Training/<class>/...  +  DIR/Testing/<class>/...   one train/test run
  DIR/<class>/...  or  DIR/labels.csv (file,label)        stratified K-fold cross-validation

  --data DIR         the dataset (required)
  --test DIR         an explicit held-out set (then all of DIR trains)
  --models LIST      comma-separated: cnn, resnet, resnet50 (default all three)
  --folds K          folds for a flat dataset (default 5)
  --image-size S     square input size, aspect kept with padding (default 128)
  --epochs N         cap every model's epochs (default: each family's own)
  --seed S           splits, initial weights, augmentation (default 42)
  --normal LIST      labels meaning "no lesion" (default: guessed, e.g. normal, notumor)
  --cache-dir DIR    keep ResNet50 backbone features on disk between runs
  --out DIR          where the confusion-matrix PNGs go (default: next to --json, else ./compare-results)
  --json FILE        also write every number (per fold) as JSON to FILE

Environment: TFJS_BACKEND forces a backend (tensorflow-gpu | tensorflow | wasm | cpu);
RESNET50_WEIGHTS points to other ResNet50 weights (tfjs model.json or Keras .h5).
`;

function formatCell(values: number[], folds: number): string | number {
  const defined = values.filter((v) => !Number.isNaN(v));
  if (defined.length === 0) return '-';
  const s = meanSd(defined);
  if (folds === 1) return s.mean;
  const digits = Math.abs(s.mean) >= 100 ? 0 : Math.abs(s.mean) >= 10 ? 1 : 3;
  return `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}`;
}

function printComparison(io: CliIO, result: ComparisonResult): void {
  const columns = result.models.map((m) => metricColumns(m.folds, result.labels));
  const rows = columns[0].map(([metric], r) => {
    const row: Record<string, unknown> = { metric };
    result.models.forEach((m, k) => (row[m.kind] = formatCell(columns[k][r][1], result.folds)));
    return row;
  });
  rows.push(Object.fromEntries([['metric', 'variant'], ...result.models.map((m) => [m.kind, m.variant])]));
  rows.push(Object.fromEntries([['metric', 'backend'], ...result.models.map((m) => [m.kind, `${result.backend.name} x${result.backend.threads}`])]));
  io.stdout.write(
    `\n${result.examples} images, ${result.labels.length} classes (${result.labels.join(', ')}); ` +
      `${result.layout === 'split' ? 'held-out test folder' : `${result.folds}-fold cross-validation (mean ± sd)`}; ` +
      `normal: ${result.normalLabels.join(', ') || '(none)'}\n\n`,
  );
  printTable(io, rows, ['metric', ...result.models.map((m) => m.kind)]);
}

/** One progress bar per model, fold and phase: batches done of all the phase's epochs. */
function trainingProgress(io: CliIO) {
  let bar: ReturnType<typeof createProgressBar> | null = null;
  let key = '';
  const barFor = (next: string) => {
    if (!bar || next !== key) {
      bar?.done();
      bar = createProgressBar(io, next);
      key = next;
    }
    return bar;
  };
  return {
    features({ kind, fold, done, total }: { kind: string; fold: number; done: number; total: number }) {
      bar = barFor(`${kind} fold ${fold} backbone features`);
      bar.update(done, total);
    },
    update({ kind, fold, folds, progress: p }: { kind: string; fold: number; folds: number; progress: TrainingProgress }) {
      bar = barFor(`${kind} fold ${fold}/${folds} ${p.phase}`);
      const val = p.metrics.valLoss !== undefined ? ` val ${p.metrics.valLoss.toFixed(3)}` : '';
      bar.update((p.epoch - 1) * p.batches + p.batch, p.epochs * p.batches, `epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)}${val}`);
    },
    done: () => bar?.done(),
  };
}

export const command: CliCommand = {
  name: 'compare',
  summary: 'Compare CNN, ResNet and pretrained ResNet50 on a folder dataset (no database)',
  help,
  async run(args, io) {
    const { flags } = parseFlags(args, options, compareFlagsSchema);
    const config = loadConfig();
    const backend = await chooseBackend({ force: config.TFJS_BACKEND, wasmThreads: config.TFJS_WASM_THREADS, logger: createLogger('silent') });
    const fallen = backend.attempts.filter((a) => !a.ok).map((a) => `${a.backend}: ${a.reason}`);
    io.stdout.write(`backend: ${backend.name} (${backend.threads} thread${backend.threads > 1 ? 's' : ''})${fallen.length ? `; unavailable: ${fallen.join('; ')}` : ''}\n`);

    const loading = createProgressBar(io, 'decoding');
    const data = await loadFolderDataset(path.resolve(flags.data), {
      decode: (bytes, name) => decodeImageBuffer(bytes, name),
      testDir: flags.test && path.resolve(flags.test),
      maxSide: Math.max(256, 2 * flags['image-size']),
      onFile: (done, total) => loading.update(done, total),
    });
    loading.done(`${data.train.length + data.test.length} images${data.skipped.length ? `, ${data.skipped.length} skipped (not images or unreadable)` : ''}`);

    const progress = trainingProgress(io);
    const result = await runComparison(data, {
      models: flags.models,
      folds: flags.folds,
      imageSize: flags['image-size'],
      seed: flags.seed,
      training: flags.epochs ? { epochs: flags.epochs, fineTune: { epochs: flags.epochs, learningRate: 1e-4 } } : undefined,
      normalLabels: flags.normal,
      backend,
      featureCache: flags['cache-dir'] ? diskFeatureCache(path.resolve(flags['cache-dir'])) : undefined,
      resnet50Weights: config.RESNET50_WEIGHTS,
      onProgress: progress.update,
      onFeatures: progress.features,
    });
    progress.done();
    printComparison(io, result);

    const outDir = path.resolve(flags.out ?? (flags.json ? path.dirname(flags.json) : 'compare-results'));
    for (const m of result.models) {
      const file = path.join(outDir, `confusion-${m.kind}.png`);
      await writeConfusionMatrixPng(file, m.confusionMatrix, result.labels, `${m.kind} (${m.variant}), ${result.layout === 'split' ? 'test set' : `${result.folds} folds`}`);
      io.stdout.write(`confusion matrix: ${file}\n`);
    }
    if (flags.json) {
      await fs.writeFile(path.resolve(flags.json), JSON.stringify(result, null, 2));
      io.stdout.write(`json: ${path.resolve(flags.json)}\n`);
    }
    return 0;
  },
};
