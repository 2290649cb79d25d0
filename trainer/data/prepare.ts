import type { DecodedImage } from '@/lib/imaging/types';
import { channelCount, channelMaps, type ResolvedInputMode } from './normalise';
import { resizeWithPadding } from './resize';

export interface PreparedInputSpec {
  imageSize: number;
  inputMode: ResolvedInputMode;
}

function minOf(pixels: Float32Array): number {
  let m = Infinity;
  for (const v of pixels) if (v < m) m = v;
  return Number.isFinite(m) ? m : 0;
}

/**
 * One decoded image to model input: resize with padding (in raw units, padded with the
 * image's minimum so padding reads as air/background), then per-modality mapping to
 * [0, 1] channels, interleaved HWC, imageSize x imageSize x channels.
 */
export function prepareImage(image: DecodedImage, spec: PreparedInputSpec): Float32Array {
  const { pixels } = resizeWithPadding(image.pixels, image.width, image.height, spec.imageSize, minOf(image.pixels));
  const maps = channelMaps(image, spec.inputMode);
  const c = channelCount(spec.inputMode);
  const out = new Float32Array(pixels.length * c);
  for (let i = 0; i < pixels.length; i++) {
    for (let k = 0; k < c; k++) out[i * c + k] = maps[k](pixels[i]);
  }
  return out;
}

export const inputShape = (spec: PreparedInputSpec): [number, number, number] => [
  spec.imageSize,
  spec.imageSize,
  channelCount(spec.inputMode),
];
