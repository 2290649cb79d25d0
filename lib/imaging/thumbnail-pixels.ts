import { autoWindow } from './render';
import type { DecodedImage } from './types';
import { applyWindow, ctWindowPresets, type WindowLevel } from './windows';

export interface GreyRaster {
  pixels: Uint8Array;
  width: number;
  height: number;
}

/** Box-averages an image so its longer side is at most maxSide (area averaging, like a thumbnail should). */
export function downsampleBox(
  pixels: Float32Array,
  width: number,
  height: number,
  maxSide: number,
): { pixels: Float32Array; width: number; height: number } {
  const factor = Math.max(1, Math.ceil(Math.max(width, height) / maxSide));
  if (factor === 1) return { pixels, width, height };
  // A side shorter than the factor (a 1-pixel-high strip) is averaged whole.
  const fx = Math.min(factor, width);
  const fy = Math.min(factor, height);
  const w = Math.floor(width / fx);
  const h = Math.floor(height / fy);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h * fy; y++) {
    const row = ((y / fy) | 0) * w;
    let src = y * width;
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let k = 0; k < fx; k++) sum += pixels[src++];
      out[row + x] += sum;
    }
  }
  const area = fx * fy;
  for (let i = 0; i < out.length; i++) out[i] /= area;
  return { pixels: out, width: w, height: h };
}

/**
 * The 8-bit grid thumbnail of a scan: CT under the brain window (what readers triage with),
 * everything else auto-windowed; MONOCHROME1 is inverted so air is always dark.
 */
export function thumbnailRaster(image: DecodedImage, maxSide = 128): GreyRaster {
  const small = downsampleBox(image.pixels, image.width, image.height, maxSide);
  const window: WindowLevel = image.hounsfield ? ctWindowPresets.brain : autoWindow(small.pixels);
  const invert = image.meta.PhotometricInterpretation === 'MONOCHROME1';
  const out = new Uint8Array(small.pixels.length);
  for (let i = 0; i < out.length; i++) {
    const g = Math.round(255 * applyWindow(small.pixels[i], window));
    out[i] = invert ? 255 - g : g;
  }
  return { pixels: out, width: small.width, height: small.height };
}
