import { checkShortcuts, type ShortcutReport } from '@/lib/learn/shortcut-check';
import { guessNormalLabels } from '@/lib/metrics/lesion';
import { defaultImageSizes, type ModelKind, type TrainingConfig } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import type { BackendChoice } from '@/trainer/backend/choose-backend';
import type { PreparedInputCache } from '@/trainer/data/image-source';
import { stratifiedKFold } from '@/lib/learn/splits';
import type { LabelledImage } from '@/trainer/data/types';
import { memoryFeatureCache, type FeatureCache } from '@/trainer/resnet50/feature-cache';
import { trainModel } from '@/trainer/train/train-model';
import type { TrainingProgress } from '@/trainer/train/types';
import { ensembleOutcome, probabilitiesWithMirror } from './ensemble';
import { frozenFeatures } from './frozen-features';
import type { FolderDataset } from './load-folder-dataset';
import { runBaselineFold } from './run-baseline';
import { summedConfusion, type FoldOutcome } from './summarise';

export interface ComparisonOptions {
  models: ModelKind[];
  /** K for a flat dataset (K-fold cross-validation); a split dataset has one train/test run. */
  folds: number;
  /** One input size for every model; absent: each family's default (defaultImageSizes). */
  imageSize?: number;
  /** Report the frozen-feature logistic-regression baseline beside the models (default true). */
  baseline?: boolean;
  /** Check whether file size, format or depth predicts the class (default true). */
  shortcutCheck?: boolean;
  /**
   * Also report an ensemble: the mean of every model's probabilities, each the mean of its answer
   * for the test scan and for its mirror (default false).
   */
  ensemble?: boolean;
  seed: number;
  /** The resnet50 variant (default: its family's default variant). */
  resnet50Variant?: string;
  /** Overrides for every model's training section (e.g. fewer epochs for a quick look). */
  training?: Partial<TrainingConfig>;
  normalLabels?: string[];
  backend: BackendChoice;
  featureCache?: FeatureCache;
  resnet50Weights?: string;
  onProgress?: (e: { kind: ModelKind; fold: number; folds: number; progress: TrainingProgress }) => void;
  onFeatures?: (e: { kind: ComparisonRowKind; fold: number; done: number; total: number }) => void;
}

/** A column of the comparison: a model kind, the frozen-feature baseline, or the ensemble of the models. */
export type ComparisonRowKind = ModelKind | 'baseline' | 'ensemble';

export interface ModelComparison {
  kind: ComparisonRowKind;
  variant: string;
  /** The input size; null for the ensemble, whose members keep their own. */
  imageSize: number | null;
  folds: FoldOutcome[];
  /** Summed over folds: every example appears once as a test example. */
  confusionMatrix: number[][];
  wallSeconds: number;
}

export interface ComparisonResult {
  labels: string[];
  normalLabels: string[];
  layout: FolderDataset['layout'];
  folds: number;
  examples: number;
  backend: { name: string; threads: number; attempts: BackendChoice['attempts'] };
  models: ModelComparison[];
  /** Whether what should not matter (image size, format, depth) predicts the class; null when not run. */
  shortcuts: ShortcutReport | null;
  wallSeconds: number;
}

function foldSplits(data: FolderDataset, k: number, seed: number): { train: LabelledImage[]; test: LabelledImage[] }[] {
  if (data.layout === 'split') return [{ train: data.train, test: data.test }];
  const folds = stratifiedKFold(
    data.train.map((d) => d.label),
    k,
    createRng(seed),
  );
  return folds.map((testIdx) => {
    const inTest = new Set(testIdx);
    return { train: data.train.filter((_, i) => !inTest.has(i)), test: testIdx.map((i) => data.train[i]) };
  });
}

/** The studies' experiment: every model on the same folds, same seed, same preprocessing size. */
export async function runComparison(data: FolderDataset, opts: ComparisonOptions): Promise<ComparisonResult> {
  const started = performance.now();
  const splits = foldSplits(data, opts.folds, opts.seed);
  const normalLabels = opts.normalLabels ?? guessNormalLabels(data.labels);
  const preparedCache: PreparedInputCache = new Map();
  const featureCache = opts.featureCache ?? memoryFeatureCache();
  const models: ModelComparison[] = [];
  const shortcuts = opts.shortcutCheck === false ? null : shortcutReport(data, opts.seed);
  if (opts.baseline !== false) {
    const imageSize = opts.imageSize ?? defaultImageSizes.resnet50;
    models.push(
      await runBaseline(data, splits, normalLabels, {
        imageSize,
        seed: opts.seed,
        cache: featureCache,
        preparedCache,
        weightsSource: opts.resnet50Weights,
        onBatch: (done, total) => opts.onFeatures?.({ kind: 'baseline', fold: 1, done, total }),
      }),
    );
  }
  // Per fold, each member's test probabilities (with the mirror) and the seconds it cost.
  const ensemble = opts.ensemble ? splits.map(() => ({ members: [] as number[][][], seconds: 0 })) : null;
  for (const kind of opts.models) {
    const imageSize = opts.imageSize ?? defaultImageSizes[kind];
    const t0 = performance.now();
    const folds: FoldOutcome[] = [];
    let variant = '';
    for (const [f, split] of splits.entries()) {
      const trained = await trainModel(
        { labels: data.labels, train: split.train, test: split.test, normalLabels },
        {
          config: {
            kind,
            variant: kind === 'resnet50' ? opts.resnet50Variant : undefined,
            preprocessing: { imageSize },
            training: { seed: opts.seed, ...opts.training },
          },
          backend: opts.backend,
          featureCache,
          preparedCache,
          resnet50Weights: opts.resnet50Weights,
          onFeatures: (done, total) => opts.onFeatures?.({ kind, fold: f + 1, done, total }),
        },
        (progress) => opts.onProgress?.({ kind, fold: f + 1, folds: splits.length, progress }),
      );
      variant = trained.card.config.variant;
      const last = trained.history.filter((h) => h.phase === trained.history[trained.history.length - 1]?.phase);
      folds.push({
        report: trained.metrics.test!,
        trainSeconds: (trained.timings.featuresMs + trained.timings.trainMs) / 1000,
        trainImagesPerSecond: last.reduce((a, h) => a + h.imagesPerSecond, 0) / Math.max(1, last.length),
        epochs: trained.history.length,
      });
      if (ensemble) {
        const t = performance.now();
        const testImages = split.test.map((x) => x.image);
        ensemble[f].members.push(probabilitiesWithMirror(trained, testImages));
        ensemble[f].seconds += folds[f].trainSeconds + (performance.now() - t) / 1000;
      }
      trained.model.dispose();
    }
    models.push({
      kind,
      variant,
      imageSize,
      folds,
      confusionMatrix: summedConfusion(folds),
      wallSeconds: (performance.now() - t0) / 1000,
    });
  }
  if (ensemble && opts.models.length > 0) {
    const folds = splits.map((split, f) =>
      ensembleOutcome({
        members: ensemble[f].members,
        labels: data.labels,
        normalLabels,
        yTrue: split.test.map((x) => x.label),
        seconds: ensemble[f].seconds,
      }),
    );
    models.push({
      kind: 'ensemble',
      variant: `mean of ${models
        .filter((m) => m.kind !== 'baseline')
        .map((m) => `${m.kind} (${m.imageSize} px)`)
        .join(', ')}, each with the mirrored scan`,
      imageSize: null,
      folds,
      confusionMatrix: summedConfusion(folds),
      wallSeconds: folds.reduce((a, x) => a + x.trainSeconds, 0),
    });
  }
  return {
    labels: data.labels,
    normalLabels,
    layout: data.layout,
    folds: splits.length,
    examples: data.train.length + data.test.length,
    backend: { name: opts.backend.name, threads: opts.backend.threads, attempts: opts.backend.attempts },
    models,
    shortcuts,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

type Split = { train: LabelledImage[]; test: LabelledImage[] };

/** The baseline on every split, from frozen features computed once for all images. */
async function runBaseline(
  data: FolderDataset,
  splits: Split[],
  normalLabels: string[],
  o: Parameters<typeof frozenFeatures>[1] & { seed: number },
): Promise<ModelComparison> {
  const t0 = performance.now();
  const all = [...data.train, ...data.test];
  const features = await frozenFeatures(all, o);
  const byKey = new Map(all.map((d, i) => [d.key, features[i]]));
  const rowsOf = (set: LabelledImage[]) => ({ rows: set.map((d) => byKey.get(d.key)!), y: set.map((d) => d.label) });
  const folds = splits.map((split) =>
    runBaselineFold({
      labels: data.labels,
      normalLabels,
      train: rowsOf(split.train),
      test: rowsOf(split.test),
      seed: o.seed,
    }),
  );
  return {
    kind: 'baseline',
    variant: `frozen features + logistic regression (L2 ${folds.map((f) => f.l2).join(', ')})`,
    imageSize: o.imageSize,
    folds,
    confusionMatrix: summedConfusion(folds),
    wallSeconds: (performance.now() - t0) / 1000,
  };
}

/** Shortcut check over every labelled image, in 5 stratified folds; null without file traits. */
function shortcutReport(data: FolderDataset, seed: number): ShortcutReport | null {
  const all = [...data.train, ...data.test];
  if (all.length < 10 || all.some((d) => !d.traits)) return null;
  const y = all.map((d) => d.label);
  const smallest = Math.min(...data.labels.map((_, c) => y.filter((v) => v === c).length));
  return checkShortcuts({
    traits: all.map((d) => d.traits!),
    y,
    labels: data.labels,
    folds: stratifiedKFold(y, Math.max(2, Math.min(5, smallest)), createRng(seed ^ 0x5c)),
  });
}
