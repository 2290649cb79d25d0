import * as tf from '@tensorflow/tfjs';
import type { AugmentationConfig } from '@/lib/models/configs';
import type { Rng } from '@/lib/random';

/** Output-to-input projective transform (tf.image.transform's 8 numbers) for rotation about the centre and flips. */
export function augmentTransform(width: number, height: number, angleRad: number, flipH: boolean, flipV: boolean): number[] {
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

/**
 * Seeded augmentation of a batch [N, H, W, C] of [0, 1] images: flips where anatomy allows,
 * small rotations, per-image intensity gain and offset. All randomness comes from `rng`, so a
 * seed gives the same batches on every run. Returns a new tensor; call inside tf.tidy.
 */
export function augmentBatch(x: tf.Tensor4D, cfg: AugmentationConfig, rng: Rng): tf.Tensor4D {
  const [n, h, w] = x.shape;
  const transforms: number[] = [];
  const gains: number[] = [];
  const offsets: number[] = [];
  const maxRad = (cfg.maxRotationDeg * Math.PI) / 180;
  for (let i = 0; i < n; i++) {
    const angle = (2 * rng.next() - 1) * maxRad;
    const flipH = cfg.flipHorizontal && rng.next() < 0.5;
    const flipV = cfg.flipVertical && rng.next() < 0.5;
    transforms.push(...augmentTransform(w, h, angle, flipH, flipV));
    gains.push(1 + (2 * rng.next() - 1) * cfg.intensityJitter);
    offsets.push((rng.next() - 0.5) * cfg.intensityJitter);
  }
  const moved = tf.image.transform(x, tf.tensor2d(transforms, [n, 8]), 'bilinear', 'constant', 0);
  if (cfg.intensityJitter === 0) return moved;
  return moved.mul(tf.tensor4d(gains, [n, 1, 1, 1])).add(tf.tensor4d(offsets, [n, 1, 1, 1]));
}
