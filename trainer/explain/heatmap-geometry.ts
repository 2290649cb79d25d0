import type { ResizeResult } from '@/trainer/data/resize';

/** Where the image landed inside the square model input (trainer/data/resize). */
export type Placement = ResizeResult['placement'];

/** A class activation map: one value per feature-map cell, row-major, over the whole model input. */
export interface CamGrid {
  values: Float32Array;
  width: number;
  height: number;
}

/** The heatmap's size for an image: its aspect exactly, the longer side at most maxSide. */
export function heatmapSize(width: number, height: number, maxSide: number): { width: number; height: number } {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Bilinear weights at u on an axis of n samples whose centres sit at k + 0.5 (clamped at the edges). */
function tap(u: number, n: number): [number, number, number] {
  const c = Math.min(Math.max(u - 0.5, 0), n - 1);
  const i0 = Math.floor(c);
  const i1 = Math.min(i0 + 1, n - 1);
  return [i0, i1, c - i0];
}

/**
 * Samples a CAM at the pixel centres of an out.width x out.height grid laid over the original
 * image, undoing resizeWithPadding: an image pixel at x (in image pixels) sat at
 * placement.x + x * placement.width / imageWidth in the model input, and feature-map cell k
 * covers input pixels [k, k + 1) * inputSize / cam.width. Padding is cropped away, the scale
 * undone, and the CAM upsampled bilinearly (half-pixel centres, as Grad-CAM's resize).
 */
export function camToImage(
  cam: CamGrid,
  inputSize: number,
  placement: Placement,
  out: { width: number; height: number },
): Float32Array {
  const heat = new Float32Array(out.width * out.height);
  const cellsPerInputX = cam.width / inputSize;
  const cellsPerInputY = cam.height / inputSize;
  const xs = Array.from({ length: out.width }, (_, i) =>
    tap((placement.x + ((i + 0.5) * placement.width) / out.width) * cellsPerInputX, cam.width),
  );
  for (let j = 0; j < out.height; j++) {
    const [y0, y1, fy] = tap((placement.y + ((j + 0.5) * placement.height) / out.height) * cellsPerInputY, cam.height);
    const r0 = y0 * cam.width;
    const r1 = y1 * cam.width;
    for (let i = 0; i < out.width; i++) {
      const [x0, x1, fx] = xs[i];
      const top = cam.values[r0 + x0] * (1 - fx) + cam.values[r0 + x1] * fx;
      const bottom = cam.values[r1 + x0] * (1 - fx) + cam.values[r1 + x1] * fx;
      heat[j * out.width + i] = top * (1 - fy) + bottom * fy;
    }
  }
  return heat;
}

/** Scales non-negative values so that the largest is 1 (in place); all zeros stay zeros. */
export function normaliseToUnit(values: Float32Array): Float32Array {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  if (max > 0 && Number.isFinite(max)) for (let i = 0; i < values.length; i++) values[i] = Math.max(0, values[i]) / max;
  else values.fill(0);
  return values;
}

/** Index of the largest value (the first on ties). */
export function argMax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
