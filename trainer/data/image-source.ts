import type { ExampleSource } from '@/trainer/train/types';
import { inputShape, prepareImage, type PreparedInputSpec } from './prepare';
import type { LabelledImage } from './types';

/** Prepared inputs by (spec, image key): k-fold runs and several models prepare each scan once. */
export type PreparedInputCache = Map<string, Float32Array>;

const specKey = (spec: PreparedInputSpec) => `${spec.imageSize}|${spec.inputMode}|v1`;

/** Prepares every image now (so that training time excludes it) and serves them as an ExampleSource. */
export function imageSource(
  items: readonly LabelledImage[],
  spec: PreparedInputSpec,
  cache?: PreparedInputCache,
): ExampleSource {
  const prefix = specKey(spec);
  const data = items.map((item) => {
    const key = `${prefix}|${item.key}`;
    let x = cache?.get(key);
    if (!x) {
      x = prepareImage(item.image, spec);
      cache?.set(key, x);
    }
    return x;
  });
  return { shape: inputShape(spec), labels: items.map((i) => i.label), get: (i) => data[i] };
}

/** An ExampleSource over precomputed vectors (cached backbone features). */
export function arraySource(data: Float32Array[], labels: number[], shape: number[]): ExampleSource {
  return { shape, labels, get: (i) => data[i] };
}
