import { resnet50VariantSchema } from '@/lib/schemas/project';
import path from 'node:path';
import fs from 'node:fs/promises';
import { z } from 'zod';
import { modelKindSchema } from '@/lib/models/configs';
import { loadConfig } from '@/server/config';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { setDefaultScoringEngine } from '@/trainer/onnx/network-runner';
import { writeConfusionMatrixPng } from '@/trainer/compare/confusion-png';
import { loadFolderDataset } from '@/trainer/compare/load-folder-dataset';
import { runComparison, type ComparisonResult } from '@/trainer/compare/run-comparison';
import { meanSd } from '@/lib/metrics/mean-sd';
import { metricColumns } from '@/trainer/compare/summarise';
import { diskFeatureCache } from '@/trainer/resnet50/feature-cache';
import type { TrainingProgress } from '@/trainer/train/types';
import { defineCommand } from '../command';
import { flag } from '../flags';
import { createProgressBar, printTable } from '../output';
import type { CliIO } from '../types';

const list = (s: string) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

const compareFlagsSchema = z.object({
  data: flag(
    z.string().min(1),
    'the dataset: DIR/Training/<class>/ + DIR/Testing/<class>/ (one train/test run), or DIR/<class>/ or DIR/labels.csv (file,label) for K-fold cross-validation',
    'DIR',
  ),
  test: flag(z.string().min(1).optional(), 'an explicit held-out set (then all of --data trains)', 'DIR'),
  models: flag(
    z.string().default('cnn,resnet,resnet50').transform(list).pipe(z.array(modelKindSchema).min(1)),
    'comma-separated model kinds: cnn, resnet, resnet50',
    'LIST',
  ),
  folds: flag(z.coerce.number().int().min(2).max(20).default(5), 'folds for a flat dataset', 'K'),
  'resnet50-variant': flag(
    resnet50VariantSchema.optional(),
    "stage4 (default: a head on stage 4's max-pooled features), finetune (stage 5's features, then stage 5 fine-tuned) or frozen (stage 5's features, the head alone)",
    'V',
  ),
  'image-size': flag(
    z.coerce.number().int().min(32).max(512).optional(),
    'one square input size for every model, aspect kept with padding (default: 224 for resnet50 and the baseline, 128 for cnn and resnet)',
    'S',
  ),
  baseline: flag(z.enum(['yes', 'no']).default('yes'), 'the frozen-feature logistic-regression column', 'yes|no'),
  'shortcut-check': flag(
    z.enum(['yes', 'no']).default('yes'),
    'warn when what should not matter (image size, format, file size) predicts the class',
    'yes|no',
  ),
  ensemble: flag(
    z.enum(['yes', 'no']).default('no'),
    "also report an ensemble: the mean of the models' probabilities, each averaged over the scan and its mirror",
    'yes|no',
  ),
  json: flag(z.string().min(1).optional(), 'also write every number (per fold) as JSON to FILE', 'FILE'),
  out: flag(
    z.string().min(1).optional(),
    'where the confusion-matrix PNGs go (default: next to --json, else ./compare-results)',
    'DIR',
  ),
  seed: flag(z.coerce.number().int().default(42), 'splits, initial weights, augmentation', 'S'),
  epochs: flag(
    z.coerce.number().int().min(1).max(1000).optional(),
    "cap every model's epochs (default: each family's own)",
    'N',
  ),
  normal: flag(
    z.string().transform(list).optional(),
    'labels meaning "no lesion" (default: guessed, e.g. normal, notumor)',
    'LIST',
  ),
  'cache-dir': flag(z.string().min(1).optional(), 'keep ResNet50 backbone features on disk between runs', 'DIR'),
});

/** One value, or over folds mean ± sd and [worst, best], so that an unstable fold shows. */
function formatCell(values: number[], folds: number): string | number {
  const defined = values.filter((v) => !Number.isNaN(v));
  if (defined.length === 0) return '-';
  const s = meanSd(defined);
  if (folds === 1) return s.mean;
  const digits = Math.abs(s.mean) >= 100 ? 0 : Math.abs(s.mean) >= 10 ? 1 : 3;
  const f = (v: number) => v.toFixed(digits);
  return `${f(s.mean)} ± ${f(s.sd)} [${f(Math.min(...defined))}, ${f(Math.max(...defined))}]`;
}

function printShortcuts(io: CliIO, result: ComparisonResult): void {
  const s = result.shortcuts;
  if (!s) return;
  const auc = s.findings.map((f) => `${f.feature} ${f.auc === null ? '-' : f.auc.toFixed(2)}`).join(', ');
  io.stdout.write(`\nshortcut check (macro AUC of a classifier that never sees the pixels): ${auc}\n`);
  if (s.warning) io.stdout.write(`WARNING: ${s.warning}\n`);
}

function printComparison(io: CliIO, result: ComparisonResult): void {
  const columns = result.models.map((m) => metricColumns(m.folds, result.labels));
  const rows = columns[0].map(([metric], r) => {
    const row: Record<string, unknown> = { metric };
    result.models.forEach((m, k) => (row[m.kind] = formatCell(columns[k][r][1], result.folds)));
    return row;
  });
  rows.push(Object.fromEntries([['metric', 'variant'], ...result.models.map((m) => [m.kind, m.variant])]));
  rows.push(
    Object.fromEntries([['metric', 'image size'], ...result.models.map((m) => [m.kind, m.imageSize ?? 'its members'])]),
  );
  rows.push(
    Object.fromEntries([
      ['metric', 'backend'],
      ...result.models.map((m) => [m.kind, `${result.backend.name} x${result.backend.threads}`]),
    ]),
  );
  io.stdout.write(
    `\n${result.examples} images, ${result.labels.length} classes (${result.labels.join(', ')}); ` +
      `${result.layout === 'split' ? 'held-out test folder' : `${result.folds}-fold cross-validation (mean ± sd [worst, best])`}; ` +
      `normal: ${result.normalLabels.join(', ') || '(none)'}\n\n`,
  );
  printTable(io, rows, ['metric', ...result.models.map((m) => m.kind)]);
  printShortcuts(io, result);
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
    update({
      kind,
      fold,
      folds,
      progress: p,
    }: {
      kind: string;
      fold: number;
      folds: number;
      progress: TrainingProgress;
    }) {
      bar = barFor(`${kind} fold ${fold}/${folds} ${p.phase}`);
      const val = p.metrics.valLoss !== undefined ? ` val ${p.metrics.valLoss.toFixed(3)}` : '';
      bar.update(
        (p.epoch - 1) * p.batches + p.batch,
        p.epochs * p.batches,
        `epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(3)}${val}`,
      );
    },
    done: () => bar?.done(),
  };
}

export const command = defineCommand({
  name: 'compare',
  summary: 'Compare CNN, ResNet and pretrained ResNet50 on a folder dataset (no database)',
  description: `The studies' experiment on a folder dataset: a plain CNN, a ResNet trained from scratch and
an ImageNet ResNet50 (a logistic head on frozen features), on the same splits with the same
preprocessing, beside a baseline: frozen ResNet50 features and a logistic regression whose L2
strength is chosen by inner cross-validation. Prints every metric side by side (over folds:
mean ± sd, then the worst and best fold) with training time and backend, warns when image size,
format or file size alone predicts the class, and writes a confusion-matrix PNG per model.
With --ensemble yes, one more column: the mean of the models' probabilities, each averaged
over the scan and its mirror. Files may be PNG, JPEG or DICOM.

Environment: TFJS_BACKEND forces a backend (tensorflow-gpu | tensorflow | webgpu | wasm | cpu);
RESNET50_WEIGHTS points to other ResNet50 weights (tfjs model.json or Keras .h5).`,
  flags: compareFlagsSchema,
  async run({ flags, io }) {
    const config = loadConfig();
    setDefaultScoringEngine(config.SCORING_ENGINE);
    const backend = await chooseBackend({
      force: config.TFJS_BACKEND,
      wasmThreads: config.TFJS_WASM_THREADS,
      // A rung that is installed but fails to start is a warning; the expected falls are in the summary.
      logger: createLogger('warn', 'compare'),
    });
    io.stdout.write(`${backend.summary ?? `tfjs backend: ${backend.name}`}\n`);

    const loading = createProgressBar(io, 'decoding');
    const data = await loadFolderDataset(path.resolve(flags.data), {
      decode: (bytes, name) => decodeImageBuffer(bytes, name),
      testDir: flags.test && path.resolve(flags.test),
      maxSide: Math.max(256, 2 * (flags['image-size'] ?? 224)),
      onFile: (done, total) => loading.update(done, total),
    });
    loading.done(
      `${data.train.length + data.test.length} images${data.skipped.length ? `, ${data.skipped.length} skipped (not images or unreadable)` : ''}`,
    );

    const progress = trainingProgress(io);
    const result = await runComparison(data, {
      models: flags.models,
      folds: flags.folds,
      imageSize: flags['image-size'],
      baseline: flags.baseline === 'yes',
      shortcutCheck: flags['shortcut-check'] === 'yes',
      ensemble: flags.ensemble === 'yes',
      seed: flags.seed,
      resnet50Variant: flags['resnet50-variant'],
      training: flags.epochs
        ? { epochs: flags.epochs, fineTune: { epochs: flags.epochs, learningRate: 1e-4 } }
        : undefined,
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
      await writeConfusionMatrixPng(
        file,
        m.confusionMatrix,
        result.labels,
        `${m.kind} (${m.variant}), ${result.layout === 'split' ? 'test set' : `${result.folds} folds`}`,
      );
      io.stdout.write(`confusion matrix: ${file}\n`);
    }
    if (flags.json) {
      await fs.writeFile(path.resolve(flags.json), JSON.stringify(result, null, 2));
      io.stdout.write(`json: ${path.resolve(flags.json)}\n`);
    }
    return 0;
  },
});
