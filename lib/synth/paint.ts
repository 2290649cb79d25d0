import { tissue, type HeadAnatomy } from './head-anatomy';

/** A slice being drawn: the image, its lesion mask, the tissue map it was drawn from, and its head. */
export interface SliceCanvas {
  image: Float32Array;
  mask: Uint8Array;
  tissues: Uint8Array;
  head: HeadAnatomy;
  size: number;
}

/** Blends a lesion into an image where it lies inside the skull; returns how many pixels it marked in the mask. */
export function paintLesion(
  image: Float32Array,
  mask: Uint8Array,
  tissues: Uint8Array,
  cover: Float32Array,
  valueAt: (i: number, current: number) => number,
): number {
  let marked = 0;
  for (let i = 0; i < image.length; i++) {
    const c = cover[i];
    if (c <= 0) continue;
    const t = tissues[i];
    if (t === tissue.air || t === tissue.scalp || t === tissue.bone || t === tissue.marrow) continue;
    image[i] = (1 - c) * image[i] + c * valueAt(i, image[i]);
    if (c >= 0.5 && mask[i] === 0) {
      mask[i] = 1;
      marked++;
    }
  }
  return marked;
}

/** Maps tissue classes to intensities through a per-class table. */
export function tissueImage(tissues: Uint8Array, values: readonly number[]): Float32Array {
  const out = new Float32Array(tissues.length);
  for (let i = 0; i < out.length; i++) out[i] = values[tissues[i]];
  return out;
}
