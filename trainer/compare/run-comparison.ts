import { guessNormalLabels } from '@/lib/metrics/lesion';
import type { ModelKind, TrainingConfig } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import type { BackendChoice } from '@/trainer/backend/choose-backend';
import type { PreparedInputCache } from '@/trainer/data/image-source';
import { stratifiedKFold } from '@/trainer/data/splits';
import type { LabelledImage } from '@/trainer/data/types';
import { memoryFeatureCache, type FeatureCache } from '@/trainer/resnet50/feature-cache';
import { trainModel } from '@/trainer/train/train-model';
import type { TrainingProgress } from '@/trainer/train/types';
import type { FolderDataset } from './load-folder-dataset';
import { summedConfusion, type FoldOutcome } from './summarise';

export interface ComparisonOptions {
  models: ModelKind[];
  /** K for a flat dataset (K-fold cross-validation); a split dataset has one train/test run. */
  folds: number;
  imageSize: number;
  seed: number;
  /** Overrides for every model's training section (e.g. fewer epochs for a quick look). */
  training?: Partial<TrainingConfig>;
  normalLabels?: string[];
  backend: BackendChoice;
  featureCache?: FeatureCache;
  resnet50Weights?: string;
  onProgress?: (e: { kind: ModelKind; fold: number; folds: number; progress: TrainingProgress }) => void;
  onFeatures?: (e: { kind: ModelKind; fold: number; done: number; total: number }) => void;
}

export interface ModelComparison {
  kind: ModelKind;
  variant: string;
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
  wallSeconds: number;
}

function foldSplits(data: FolderDataset, k: number, seed: number): { train: LabelledImage[]; test: LabelledImage[] }[] {
  if (data.layout === 'split') return [{ train: data.train, test: data.test }];
  const folds = stratifiedKFold(data.train.map((d) => d.label), k, createRng(seed));
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
  for (const kind of opts.models) {
    const t0 = performance.now();
    const folds: FoldOutcome[] = [];
    let variant = '';
    for (const [f, split] of splits.entries()) {
      const trained = await trainModel(
        { labels: data.labels, train: split.train, test: split.test, normalLabels },
        {
          config: { kind, preprocessing: { imageSize: opts.imageSize }, training: { seed: opts.seed, ...opts.training } },
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
      trained.model.dispose();
    }
    models.push({ kind, variant, folds, confusionMatrix: summedConfusion(folds), wallSeconds: (performance.now() - t0) / 1000 });
  }
  return {
    labels: data.labels,
    normalLabels,
    layout: data.layout,
    folds: splits.length,
    examples: data.train.length + data.test.length,
    backend: { name: opts.backend.name, threads: opts.backend.threads, attempts: opts.backend.attempts },
    models,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
