import type { DecodedImage } from '@/lib/imaging/types';
import { channelCount, channelRanges, type ResolvedInputMode } from './normalise';
import { resizeWithPadding } from './resize';

export interface PreparedInputSpec {
  imageSize: number;
  inputMode: ResolvedInputMode;
}

const unit = (t: number) => (t <= 0 ? 0 : t >= 1 ? 1 : t);

function minOf(pixels: Float32Array): number {
  let m = Infinity;
  for (let i = 0; i < pixels.length; i++) if (pixels[i] < m) m = pixels[i];
  return Number.isFinite(m) ? m : 0;
}

/**
 * One decoded image to model input: resize with padding (in raw units, padded with the
 * image's minimum so padding reads as air/background), then per-modality mapping to
 * [0, 1] channels, interleaved HWC, imageSize x imageSize x channels.
 */
export function prepareImage(image: DecodedImage, spec: PreparedInputSpec): Float32Array {
  // An image already at the input size is read as it is: resampling it would return it unchanged.
  const pixels =
    image.width === spec.imageSize && image.height === spec.imageSize
      ? image.pixels
      : resizeWithPadding(image.pixels, image.width, image.height, spec.imageSize, minOf(image.pixels)).pixels;
  const ranges = channelRanges(image, spec.inputMode);
  const out = new Float32Array(pixels.length * channelCount(spec.inputMode));
  // Every channel of a pixel in one pass, over plain numbers: a pass per channel took twice as long.
  if (ranges.length === 1) {
    const [{ lo, span }] = ranges;
    for (let i = 0; i < pixels.length; i++) out[i] = unit((pixels[i] - lo) / span);
  } else {
    const [r, g, b] = ranges;
    for (let i = 0, o = 0; i < pixels.length; i++, o += 3) {
      const v = pixels[i];
      out[o] = unit((v - r.lo) / r.span);
      out[o + 1] = unit((v - g.lo) / g.span);
      out[o + 2] = unit((v - b.lo) / b.span);
    }
  }
  return out;
}

export const inputShape = (spec: PreparedInputSpec): [number, number, number] => [
  spec.imageSize,
  spec.imageSize,
  channelCount(spec.inputMode),
];
