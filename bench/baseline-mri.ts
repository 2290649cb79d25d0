/**
 * The frozen-feature baseline and the shortcut check on real brain MRI (../shared/data/brain-mri-dev:
 * 600 training / 200 test slices, 4 classes): Training -> Testing, and 5-fold CV on Training.
 * Frozen ResNet50 features are cached under .data/feature-cache (shared with compare --cache-dir).
 * Writes bench/results/baseline-mri.json. Run: npx tsx bench/baseline-mri.ts [--views 2]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fitStandardisedLogistic, standardisedLogits } from '@/lib/learn/choose-l2';
import { checkShortcuts } from '@/lib/learn/shortcut-check';
import { meanSd } from '@/lib/metrics/mean-sd';
import { buildClassificationReport } from '@/lib/metrics/report';
import { augmentationSchema, headLayerNames } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { loadFolderDataset } from '@/trainer/compare/load-folder-dataset';
import { runBaselineFold } from '@/trainer/compare/run-baseline';
import { imageSource } from '@/trainer/data/image-source';
import { stratifiedKFold } from '@/lib/learn/splits';
import type { LabelledImage } from '@/trainer/data/types';
import { diskFeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildFoldedBackbone, featurePreprocessing } from '@/trainer/resnet50/pooled-features';
import { viewFeatures } from '@/trainer/resnet50/view-features';
import { resnet50WeightsFor } from '@/trainer/resnet50/weights';

const dataDir = path.resolve('../shared/data/brain-mri-dev');
if (!fs.existsSync(dataDir)) {
  console.info(`skipped: ${dataDir} is absent (the real brain MRI development set)`);
  process.exit(0);
}
const viewsArg = process.argv.indexOf('--views');
const views = viewsArg > 0 ? Number(process.argv[viewsArg + 1]) : 1;
const imageSize = 224;
const seed = 42;
const started = performance.now();
const backend = await chooseBackend({ logger: createLogger('silent') });
const data = await loadFolderDataset(dataDir, { decode: (b, n) => decodeImageBuffer(b, n), maxSide: 512 });
const normalLabels = ['notumor'];
const weights = await resnet50WeightsFor(undefined);
const backbone = buildFoldedBackbone(weights, imageSize);
const spec = { imageSize, inputMode: 'grey-rgb' as const };
const cache = diskFeatureCache(path.resolve('.data/feature-cache'));
const featuresOf = async (set: LabelledImage[], v: number) =>
  viewFeatures({
    network: backbone.toPooled,
    source: imageSource(set, spec),
    keys: set.map((s) => s.key),
    weightsId: weights.id,
    layer: headLayerNames.embedding,
    preprocessing: featurePreprocessing(spec),
    cache,
    views: v,
    augmentation: augmentationSchema.parse({}),
  });
const trainViews = await featuresOf(data.train, views);
const [testRows] = await featuresOf(data.test, 1);
const featureSeconds = (performance.now() - started) / 1000;

const yTrain = data.train.map((d) => d.label);
const yTest = data.test.map((d) => d.label);
const summary = (r: ReturnType<typeof buildClassificationReport>) => ({
  accuracy: r.accuracy,
  macroAuc: r.macroAuc,
  macroF1: r.macroF1,
  tumoursCalledNotumor: r.lesion.lesionsCalledNormal,
  ece: r.calibration.eceBefore,
  confusionMatrix: r.confusionMatrix,
});
const t0 = performance.now();
const split = runBaselineFold({
  labels: data.labels,
  normalLabels,
  train: { rows: trainViews[0], y: yTrain },
  test: { rows: testRows, y: yTest },
  seed,
});
const splitSeconds = (performance.now() - t0) / 1000;

// The same method with every view of each training scan (views of one scan in one inner fold).
let withViews = null;
if (views > 1) {
  const n = yTrain.length;
  const scanFolds = stratifiedKFold(yTrain, 5, createRng(seed));
  const folds = scanFolds.map((f) => trainViews.flatMap((_, v) => f.map((i) => v * n + i)));
  const fitted = fitStandardisedLogistic(
    trainViews.flat(),
    trainViews.flatMap(() => yTrain),
    data.labels.length,
    folds,
  );
  withViews = summary(
    buildClassificationReport({
      labels: data.labels,
      normalLabels,
      yTrue: yTest,
      logits: standardisedLogits(fitted, testRows),
      temperature: 1,
    }),
  );
}

const cv = stratifiedKFold(yTrain, 5, createRng(seed)).map((testIdx) => {
  const held = new Set(testIdx);
  const trainIdx = yTrain.map((_, i) => i).filter((i) => !held.has(i));
  const r = runBaselineFold({
    labels: data.labels,
    normalLabels,
    train: { rows: trainIdx.map((i) => trainViews[0][i]), y: trainIdx.map((i) => yTrain[i]) },
    test: { rows: testIdx.map((i) => trainViews[0][i]), y: testIdx.map((i) => yTrain[i]) },
    seed,
  });
  return { ...summary(r.report), l2: r.l2 };
});

const all = [...data.train, ...data.test];
const yAll = all.map((d) => d.label);
const shortcuts = checkShortcuts({
  traits: all.map((d) => d.traits!),
  y: yAll,
  labels: data.labels,
  folds: stratifiedKFold(yAll, 5, createRng(seed ^ 0x5c)),
});

const accuracies = cv.map((f) => f.accuracy);
const result = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverage: os.loadavg(), node: process.version },
  backend: { name: backend.name, threads: backend.threads },
  imageSize,
  views,
  featureSeconds,
  split: { ...summary(split.report), l2: split.l2, seconds: splitSeconds },
  splitWithViews: withViews,
  cv: { folds: cv, accuracy: meanSd(accuracies), min: Math.min(...accuracies), max: Math.max(...accuracies) },
  shortcuts,
  totalSeconds: (performance.now() - started) / 1000,
};
fs.mkdirSync('bench/results', { recursive: true });
fs.writeFileSync('bench/results/baseline-mri.json', JSON.stringify(result, null, 2));
console.info(
  JSON.stringify(
    { split: result.split, splitWithViews: withViews, cv: result.cv.accuracy, shortcuts: shortcuts.warning },
    null,
    1,
  ),
);
backbone.dispose();
