import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import type { DecodedImage } from '@/lib/imaging/types';
import { createRng } from '@/lib/random';
import { augmentBatch, augmentTransform } from '@/trainer/data/augment';
import { channelMaps, resolveInputMode } from '@/trainer/data/normalise';
import { prepareImage } from '@/trainer/data/prepare';
import { resizeWithPadding, shrinkToFit } from '@/trainer/data/resize';
import { balancedClassWeights, stratifiedKFold, stratifiedSplit } from '@/trainer/data/splits';

const image = (pixels: number[], width: number, height: number, extra: Partial<DecodedImage> = {}): DecodedImage => ({
  pixels: Float32Array.from(pixels), width, height, modality: 'OT', hounsfield: false, meta: {}, ...extra,
});

describe('resize with padding', () => {
  it('keeps the aspect ratio, centres the image and pads, never stretching', () => {
    const src = new Float32Array(8 * 4).fill(5);
    const { pixels, placement } = resizeWithPadding(src, 8, 4, 4, -1);
    expect(placement).toEqual({ x: 0, y: 1, width: 4, height: 2 });
    expect(Array.from(pixels)).toEqual([-1, -1, -1, -1, 5, 5, 5, 5, 5, 5, 5, 5, -1, -1, -1, -1]);
  });

  it('averages when shrinking (antialiased), so a fine checkerboard turns grey', () => {
    const src = Float32Array.from({ length: 64 * 64 }, (_, i) => ((i % 64) + Math.floor(i / 64)) % 2);
    const { pixels } = resizeWithPadding(src, 64, 64, 16);
    for (const v of pixels) expect(v).toBeCloseTo(0.5, 1);
  });

  it('keeps a constant image constant at any scale', () => {
    for (const size of [7, 32, 100]) {
      const { pixels } = resizeWithPadding(new Float32Array(30 * 30).fill(3), 30, 30, size);
      for (const v of pixels) expect(v).toBeCloseTo(3, 5);
    }
  });

  it('shrinkToFit only ever shrinks', () => {
    expect(shrinkToFit(new Float32Array(4), 2, 2, 10).width).toBe(2);
    const s = shrinkToFit(new Float32Array(400 * 200), 400, 200, 100);
    expect([s.width, s.height, s.pixels.length]).toEqual([100, 50, 5000]);
  });
});

describe('per-modality normalisation', () => {
  it('maps CT through the brain, subdural and bone windows for the three-window stack', () => {
    const ct = image([0, 40, 80, 1000], 2, 2, { modality: 'CT', hounsfield: true });
    const maps = channelMaps(ct, 'ct-windows');
    // brain 80/40: (40 - 0) / 80; subdural 200/75: (40 + 25) / 200; bone 2800/600: (40 + 800) / 2800.
    expect(maps.map((m) => m(40))).toEqual([0.5, expect.closeTo(0.325, 12), expect.closeTo(0.3, 12)]);
    expect(maps[0](-1000)).toBe(0);
    expect(maps[0](200)).toBe(1);
  });

  it('divides 8-bit plain images by 255 and scales MR by its robust range', () => {
    expect(channelMaps(image([0, 255], 2, 1), 'grey')[0](51)).toBeCloseTo(0.2, 12);
    const mr = image(Array.from({ length: 1000 }, (_, i) => i * 3), 100, 10, { modality: 'MR' });
    const m = channelMaps(mr, 'grey')[0];
    expect(m(0)).toBe(0);
    expect(m(2997)).toBe(1);
    expect(m(1500)).toBeCloseTo(0.5, 1);
  });

  it('resolves auto input modes: CT stack for HU, grey otherwise, RGB for resnet50', () => {
    const ct = image([0], 1, 1, { hounsfield: true, modality: 'CT' });
    const png = image([0], 1, 1);
    expect(resolveInputMode('auto', 'cnn', [ct])).toBe('ct-windows');
    expect(resolveInputMode('auto', 'cnn', [ct, png])).toBe('grey');
    expect(resolveInputMode('auto', 'resnet50', [png])).toBe('grey-rgb');
    expect(resolveInputMode('grey', 'resnet50', [png])).toBe('grey-rgb');
  });

  it('prepares HWC input of the configured size and channels', () => {
    // 40 HU inside, one column of air: padding takes the image's minimum, i.e. air.
    const ct = image(Array.from({ length: 50 * 30 }, (_, i) => (i % 50 === 0 ? -1000 : 40)), 50, 30, { modality: 'CT', hounsfield: true });
    const x = prepareImage(ct, { imageSize: 20, inputMode: 'ct-windows' });
    expect(x.length).toBe(20 * 20 * 3);
    // Top row is padding (air): 0 in every window; the centre is 40 HU.
    expect(Array.from(x.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(x[(10 * 20 + 10) * 3]).toBeCloseTo(0.5, 5);
  });
});

describe('splits and class weights', () => {
  const labels = [...Array(30).fill(0), ...Array(10).fill(1), 2];

  it('stratified hold-out keeps class proportions and every class with two or more', () => {
    const { train, holdout } = stratifiedSplit(labels, 0.2, createRng(1));
    const count = (idx: number[], c: number) => idx.filter((i) => labels[i] === c).length;
    expect([count(holdout, 0), count(holdout, 1), count(holdout, 2)]).toEqual([6, 2, 0]);
    expect(new Set([...train, ...holdout]).size).toBe(labels.length);
  });

  it('k folds partition the data with balanced classes, reproducibly', () => {
    const folds = stratifiedKFold(labels, 5, createRng(3));
    expect(folds.flat().sort((a, b) => a - b)).toEqual(labels.map((_, i) => i));
    for (const f of folds) expect(f.filter((i) => labels[i] === 0)).toHaveLength(6);
    expect(stratifiedKFold(labels, 5, createRng(3))).toEqual(folds);
  });

  it('balanced class weights are n / (k * n_c)', () => {
    expect(balancedClassWeights([0, 0, 0, 1], 3)).toEqual([4 / 6, 2, 0]);
  });
});

describe('augmentation', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('transform is the identity without rotation or flips, and flips x -> W-1-x', () => {
    expect(augmentTransform(10, 6, 0, false, false)).toEqual([1, 0, 0, -0, 1, 0, 0, 0]);
    const [a0, a1, a2] = augmentTransform(10, 6, 0, true, false);
    expect([a0, a1, a2]).toEqual([-1, -0, 9]);
  });

  it('is seeded: the same seed gives the same batch, and flips mirror the image', () => {
    const x = tf.tensor4d(Float32Array.from({ length: 2 * 8 * 8 }, (_, i) => (i % 8) / 8), [2, 8, 8, 1]);
    const cfg = { flipHorizontal: true, flipVertical: false, maxRotationDeg: 10, intensityJitter: 0.1 };
    const a = augmentBatch(x, cfg, createRng(9)).arraySync();
    const b = augmentBatch(x, cfg, createRng(9)).arraySync();
    expect(a).toEqual(b);
    const flipOnly = augmentBatch(x, { ...cfg, maxRotationDeg: 0, intensityJitter: 0, flipHorizontal: true }, createRng(2));
    const rows = flipOnly.arraySync()[0][3].map((p) => p[0]);
    const asIs = rows[0] < rows[7];
    expect(rows).toEqual(asIs ? [0, 1, 2, 3, 4, 5, 6, 7].map((v) => v / 8) : [7, 6, 5, 4, 3, 2, 1, 0].map((v) => v / 8));
    tf.dispose([x, flipOnly]);
  });
});
