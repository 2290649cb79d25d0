import { createHash } from 'node:crypto';
import type { AugmentationConfig } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import { augmentExamples, augmentTransform, drawAugmentation, type AugmentParams } from '@/trainer/data/augment';
import type { ExampleSource } from '@/trainer/train/types';
import { cachedFeatures, type CachedFeaturesOptions } from './backbone-features';

/**
 * View 0 is the scan as prepared, view 1 its left-right mirror (also the test-time flip), and
 * views 2.. are seeded random augmentations. A view depends only on the scan's content key
 * and the view number, so every fold, run and retraining reuses the cached features.
 */
export function viewAugmentation(
  key: string,
  view: number,
  size: { width: number; height: number },
  cfg: AugmentationConfig,
): AugmentParams | null {
  if (view === 0) return null;
  if (view === 1) {
    return {
      transforms: Float64Array.from(augmentTransform(size.width, size.height, 0, true, false)),
      gains: Float64Array.of(1),
      offsets: Float64Array.of(0),
      jitter: false,
    };
  }
  const seed = createHash('sha256').update(`${key}|view${view}`).digest().readUInt32LE(0);
  return drawAugmentation(1, size.width, size.height, cfg, createRng(seed));
}

/** A source that serves view `view` of each example of `source` (augmented on demand). */
export function viewSource(
  source: ExampleSource,
  keys: readonly string[],
  view: number,
  cfg: AugmentationConfig,
): ExampleSource {
  const [h, w, c] = source.shape;
  return {
    shape: source.shape,
    labels: source.labels,
    get: (i) => {
      const p = viewAugmentation(keys[i], view, { width: w, height: h }, cfg);
      return p ? augmentExamples(source.get(i), [1, h, w, c], p) : source.get(i);
    },
  };
}

/** Augmentation settings are part of a random view's cache key: other settings, other features. */
export const viewPreprocessing = (preprocessing: string, view: number, cfg: AugmentationConfig) =>
  view === 0
    ? preprocessing
    : view === 1
      ? `${preprocessing}|flip`
      : `${preprocessing}|view${view}|${cfg.maxRotationDeg}|${cfg.intensityJitter}|${cfg.flipHorizontal}|${cfg.flipVertical}`;

/** Features of `views` views of every example ([view][example]), through the cache. */
export async function viewFeatures(
  o: Omit<CachedFeaturesOptions, 'onBatch'> & {
    views: number;
    augmentation: AugmentationConfig;
    onBatch?: (done: number, total: number) => void;
  },
): Promise<Float32Array[][]> {
  const out: Float32Array[][] = [];
  const n = o.source.labels.length;
  for (let v = 0; v < o.views; v++) {
    const { features } = await cachedFeatures({
      ...o,
      source: viewSource(o.source, o.keys, v, o.augmentation),
      preprocessing: viewPreprocessing(o.preprocessing, v, o.augmentation),
      onBatch: o.onBatch && ((done) => o.onBatch!(v * n + done, o.views * n)),
    });
    out.push(features);
  }
  return out;
}
