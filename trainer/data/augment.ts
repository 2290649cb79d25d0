import type { AugmentationConfig } from '@/lib/models/configs';
import type { Rng } from '@/lib/random';

/** Output-to-input projective transform (tf.image.transform's 8 numbers) for rotation about the centre and flips. */
export function augmentTransform(
  width: number,
  height: number,
  angleRad: number,
  flipH: boolean,
  flipV: boolean,
): number[] {
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  let a = [c, s, cx - c * cx - s * cy];
  let b = [-s, c, cy + s * cx - c * cy];
  if (flipH) a = [-a[0], -a[1], width - 1 - a[2]];
  if (flipV) b = [-b[0], -b[1], height - 1 - b[2]];
  return [...a, ...b, 0, 0];
}

/** One batch's augmentation, drawn on the thread that owns the rng and applied wherever (a worker). */
export interface AugmentParams {
  /** 8 numbers per image (augmentTransform); the last two are always 0 (affine). */
  transforms: Float64Array;
  gains: Float64Array;
  offsets: Float64Array;
  /** False when intensityJitter is 0: gains and offsets are drawn but not applied. */
  jitter: boolean;
}

/**
 * Draws the augmentation of `n` images from `rng`, per image in this order: angle, flipH
 * (if enabled), flipV (if enabled), gain, offset. A seed gives the same batches on every run.
 */
export function drawAugmentation(
  n: number,
  width: number,
  height: number,
  cfg: AugmentationConfig,
  rng: Rng,
): AugmentParams {
  const p: AugmentParams = {
    transforms: new Float64Array(8 * n),
    gains: new Float64Array(n),
    offsets: new Float64Array(n),
    jitter: cfg.intensityJitter !== 0,
  };
  const maxRad = (cfg.maxRotationDeg * Math.PI) / 180;
  for (let i = 0; i < n; i++) {
    const angle = (2 * rng.next() - 1) * maxRad;
    const flipH = cfg.flipHorizontal && rng.next() < 0.5;
    const flipV = cfg.flipVertical && rng.next() < 0.5;
    p.transforms.set(augmentTransform(width, height, angle, flipH, flipV), 8 * i);
    p.gains[i] = 1 + (2 * rng.next() - 1) * cfg.intensityJitter;
    p.offsets[i] = (rng.next() - 0.5) * cfg.intensityJitter;
  }
  return p;
}

/**
 * Applies `p` to a batch [n, h, w, c] (HWC images, flat): bilinear resampling with zeros
 * outside the image (tf.image.transform's 'bilinear' / 'constant' 0, to float rounding), then
 * gain and offset. Plain JS so that it runs on a worker thread; returns a new array.
 */
export function augmentExamples(
  src: Float32Array,
  shape: readonly [number, number, number, number],
  p: AugmentParams,
): Float32Array {
  const [n, h, w, c] = shape;
  const out = new Float32Array(src.length);
  const image = h * w * c;
  for (let b = 0; b < n; b++) {
    const [a0, a1, a2, b0, b1, b2] = p.transforms.subarray(8 * b, 8 * b + 6);
    const gain = p.jitter ? p.gains[b] : 1;
    const offset = p.jitter ? p.offsets[b] : 0;
    const base = b * image;
    for (let oy = 0; oy < h; oy++) {
      for (let ox = 0; ox < w; ox++) {
        const x = a0 * ox + a1 * oy + a2;
        const y = b0 * ox + b1 * oy + b2;
        const x0 = Math.floor(x);
        const y0 = Math.floor(y);
        const fx = x - x0;
        const fy = y - y0;
        const o = base + (oy * w + ox) * c;
        if (x0 >= 0 && x0 < w - 1 && y0 >= 0 && y0 < h - 1) {
          // All four neighbours inside (most pixels).
          const i00 = base + (y0 * w + x0) * c;
          const i10 = i00 + w * c;
          const w00 = (1 - fy) * (1 - fx);
          const w01 = (1 - fy) * fx;
          const w10 = fy * (1 - fx);
          const w11 = fy * fx;
          for (let k = 0; k < c; k++) {
            const v = w00 * src[i00 + k] + w01 * src[i00 + c + k] + w10 * src[i10 + k] + w11 * src[i10 + c + k];
            out[o + k] = v * gain + offset;
          }
          continue;
        }
        // Near or past the border: neighbours outside read as 0 (weight 0, index clamped to a valid one).
        const inX0 = x0 >= 0 && x0 < w;
        const inX1 = x0 + 1 >= 0 && x0 + 1 < w;
        const inY0 = y0 >= 0 && y0 < h;
        const inY1 = y0 + 1 >= 0 && y0 + 1 < h;
        if (!((inX0 || inX1) && (inY0 || inY1))) {
          for (let k = 0; k < c; k++) out[o + k] = offset;
          continue;
        }
        const w00 = inY0 && inX0 ? (1 - fy) * (1 - fx) : 0;
        const w01 = inY0 && inX1 ? (1 - fy) * fx : 0;
        const w10 = inY1 && inX0 ? fy * (1 - fx) : 0;
        const w11 = inY1 && inX1 ? fy * fx : 0;
        const cx0 = (inX0 ? x0 : x0 + 1) * c;
        const cx1 = (inX1 ? x0 + 1 : x0) * c;
        const ry0 = base + (inY0 ? y0 : y0 + 1) * w * c;
        const ry1 = base + (inY1 ? y0 + 1 : y0) * w * c;
        for (let k = 0; k < c; k++) {
          const v =
            w00 * src[ry0 + cx0 + k] + w01 * src[ry0 + cx1 + k] + w10 * src[ry1 + cx0 + k] + w11 * src[ry1 + cx1 + k];
          out[o + k] = v * gain + offset;
        }
      }
    }
  }
  return out;
}
