import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import type { DecodedImage } from '@/lib/imaging/types';
import { createRng } from '@/lib/random';
import { augmentExamples, augmentTransform, drawAugmentation } from '@/trainer/data/augment';
import { channelMaps, resolveInputMode } from '@/trainer/data/normalise';
import { prepareImage } from '@/trainer/data/prepare';
import { resizeWithPadding, shrinkToFit } from '@/trainer/data/resize';
import { balancedClassWeights, stratifiedKFold, stratifiedSplit } from '@/lib/learn/splits';

const image = (pixels: number[], width: number, height: number, extra: Partial<DecodedImage> = {}): DecodedImage => ({
  pixels: Float32Array.from(pixels),
  width,
  height,
  modality: 'OT',
  hounsfield: false,
  meta: {},
  ...extra,
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
    const mr = image(
      Array.from({ length: 1000 }, (_, i) => i * 3),
      100,
      10,
      { modality: 'MR' },
    );
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
    const ct = image(
      Array.from({ length: 50 * 30 }, (_, i) => (i % 50 === 0 ? -1000 : 40)),
      50,
      30,
      { modality: 'CT', hounsfield: true },
    );
    const x = prepareImage(ct, { imageSize: 20, inputMode: 'ct-windows' });
    expect(x.length).toBe(20 * 20 * 3);
    // Top row is padding (air): 0 in every window; the centre is 40 HU.
    expect(Array.from(x.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(x[(10 * 20 + 10) * 3]).toBeCloseTo(0.5, 5);
  });
});

it('prepares an image already at the input size exactly as a resampled one', () => {
  const rng = createRng(3);
  for (const size of [1, 7, 128]) {
    const ct = image(
      Array.from({ length: size * size }, () => (rng.next() - 0.3) * 3000),
      size,
      size,
      { modality: 'CT', hounsfield: true },
    );
    const resampled = { ...ct, pixels: resizeWithPadding(ct.pixels, size, size, size).pixels };
    const x = prepareImage(ct, { imageSize: size, inputMode: 'ct-windows' });
    expect(Array.from(x)).toEqual(Array.from(prepareImage(resampled, { imageSize: size, inputMode: 'ct-windows' })));
    expect(new Set(x).size).toBeGreaterThan(size === 1 ? 1 : 10);
  }
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

  const cfg = { flipHorizontal: true, flipVertical: false, maxRotationDeg: 10, intensityJitter: 0.1 };
  const identity = (n: number, jitter = false) => ({
    transforms: Float64Array.from({ length: 8 * n }, (_, i) => [1, 0, 0, 0, 1, 0, 0, 0][i % 8]),
    gains: new Float64Array(n).fill(1.5),
    offsets: new Float64Array(n).fill(0.25),
    jitter,
  });

  it('draws per image angle, flip, gain, offset from the rng, in that order', () => {
    const p = drawAugmentation(2, 10, 6, cfg, createRng(9));
    const r = createRng(9);
    for (let i = 0; i < 2; i++) {
      const angle = (2 * r.next() - 1) * ((10 * Math.PI) / 180);
      const flip = r.next() < 0.5;
      expect([...p.transforms.subarray(8 * i, 8 * i + 8)]).toEqual(augmentTransform(10, 6, angle, flip, false));
      expect(p.gains[i]).toBe(1 + (2 * r.next() - 1) * 0.1);
      expect(p.offsets[i]).toBe((r.next() - 0.5) * 0.1);
    }
    // Vertical flips add one draw per image.
    const both = createRng(4);
    drawAugmentation(3, 10, 6, { ...cfg, flipVertical: true }, both);
    const skip = createRng(4);
    for (let i = 0; i < 3 * 5; i++) skip.next();
    expect(both.next()).toBe(skip.next());
  });

  it('is tf.image.transform (bilinear, zeros outside) followed by gain and offset', () => {
    const [n, h, w, c] = [3, 9, 12, 3];
    const src = Float32Array.from({ length: n * h * w * c }, (_, i) => Math.sin(i * 0.37) * 0.5 + 0.5);
    const p = drawAugmentation(
      n,
      w,
      h,
      { ...cfg, maxRotationDeg: 30, flipVertical: true, intensityJitter: 0.3 },
      createRng(5),
    );
    const ours = augmentExamples(src, [n, h, w, c], p);
    const expected = tf.tidy(() => {
      const moved = tf.image.transform(
        tf.tensor4d(src, [n, h, w, c]),
        tf.tensor2d(Float32Array.from(p.transforms), [n, 8]),
        'bilinear',
        'constant',
        0,
      );
      return moved
        .mul(tf.tensor4d(Float32Array.from(p.gains), [n, 1, 1, 1]))
        .add(tf.tensor4d(Float32Array.from(p.offsets), [n, 1, 1, 1]))
        .dataSync();
    });
    let maxDiff = 0;
    for (let i = 0; i < ours.length; i++) maxDiff = Math.max(maxDiff, Math.abs(ours[i] - expected[i]));
    expect(maxDiff).toBeLessThan(1e-5);
    // Some pixels were rotated out of the image (filled with 0, then offset).
    expect(ours.some((v, i) => v === Math.fround(p.offsets[Math.floor(i / (h * w * c))]))).toBe(true);
  });

  it('flips mirror the image and rotation turns it about the centre', () => {
    const row = [0, 1, 2, 3, 4, 5, 6, 7].map((v) => v / 8);
    const x = Float32Array.from({ length: 8 * 8 }, (_, i) => row[i % 8]);
    const flip = identity(1);
    flip.transforms.set(augmentTransform(8, 8, 0, true, false));
    expect([...augmentExamples(x, [1, 8, 8, 1], flip).subarray(24, 32)]).toEqual([...row].reverse());
    // A bright pixel at the centre of a 7x7 image stays there under any rotation; one off-centre moves.
    const dot = new Float32Array(49);
    dot[3 * 7 + 3] = 1;
    dot[3 * 7 + 6] = 1;
    const quarter = identity(1);
    quarter.transforms.set(augmentTransform(7, 7, Math.PI / 2, false, false));
    const turned = augmentExamples(dot, [1, 7, 7, 1], quarter);
    expect(turned[3 * 7 + 3]).toBeCloseTo(1, 6);
    expect(turned[3 * 7 + 6]).toBeCloseTo(0, 6);
    expect(turned[0 * 7 + 3] + turned[6 * 7 + 3]).toBeCloseTo(1, 6);
  });

  it('jitter is gain then offset, and off when intensityJitter is 0', () => {
    const x = Float32Array.from({ length: 2 * 4 * 4 }, (_, i) => i / 32);
    expect([...augmentExamples(x, [2, 4, 4, 1], identity(2, true))]).toEqual(
      [...x].map((v) => Math.fround(v * 1.5 + 0.25)),
    );
    expect([...augmentExamples(x, [2, 4, 4, 1], identity(2, false))]).toEqual([...x]);
    expect(drawAugmentation(1, 4, 4, { ...cfg, intensityJitter: 0 }, createRng(1)).jitter).toBe(false);
  });
});
