import type { ExampleSource } from '@/trainer/train/types';
import { inputShape, prepareImage, type PreparedInputSpec } from './prepare';
import type { LabelledImage } from './types';

/** Prepared inputs by (spec, image key): k-fold runs and several models prepare each scan once. */
export type PreparedInputCache = Map<string, Float32Array>;

/** What identifies a preparation: inputs prepared under the same key are the same. */
export const specKey = (spec: PreparedInputSpec) => `${spec.imageSize}|${spec.inputMode}|v1`;

/**
 * Serves prepared images as an ExampleSource. Every image is prepared now (so that training time
 * excludes it), or with `lazy` on its first get, for a reader that may need only a few of them
 * (a frozen backbone whose features are mostly cached).
 */
export function imageSource(
  items: readonly LabelledImage[],
  spec: PreparedInputSpec,
  cache?: PreparedInputCache,
  opts: { lazy?: boolean } = {},
): ExampleSource {
  const prefix = specKey(spec);
  const prepare = (item: LabelledImage) => {
    const key = `${prefix}|${item.key}`;
    let x = cache?.get(key);
    if (!x) {
      x = prepareImage(item.image, spec);
      cache?.set(key, x);
    }
    return x;
  };
  const data: (Float32Array | undefined)[] = opts.lazy ? new Array(items.length) : items.map(prepare);
  return {
    shape: inputShape(spec),
    labels: items.map((i) => i.label),
    get: (i) => (data[i] ??= prepare(items[i])),
  };
}

/** An ExampleSource over precomputed vectors (cached backbone features). */
export function arraySource(data: Float32Array[], labels: number[], shape: number[]): ExampleSource {
  return { shape, labels, get: (i) => data[i] };
}
