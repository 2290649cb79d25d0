import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DecodedImage } from '@/lib/imaging/types';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { resizeWithPadding } from '@/trainer/data/resize';
import { explainImage } from '@/trainer/explain/grad-cam';
import { camToImage, heatmapSize, normaliseToUnit } from '@/trainer/explain/heatmap-geometry';
import { classifierOf, explainCard, identityFeatureModel, peakOf } from './fixtures';

beforeAll(async () => {
  await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
});

/** A 4x4 CAM over a 16 px input whose cells hold f at their centres (input pixels 2, 6, 10, 14). */
const f = (x: number, y: number) => 1 + 0.1 * x + 0.05 * y;
const linearCam = () => ({
  width: 4,
  height: 4,
  values: Float32Array.from({ length: 16 }, (_, i) => f((i % 4) * 4 + 2, Math.floor(i / 4) * 4 + 2)),
});

describe('heatmap geometry: the padding and scale of preprocessing are undone', () => {
  it.each([
    { width: 40, height: 20, name: 'landscape (padded above and below)' },
    { width: 18, height: 30, name: 'portrait (padded left and right)' },
  ])('$name: each image pixel reads the CAM where that pixel sat in the model input', ({ width, height }) => {
    const { placement } = resizeWithPadding(new Float32Array(width * height), width, height, 16);
    expect(placement.width === 16 || placement.height === 16).toBe(true);
    expect(placement.x > 0 || placement.y > 0).toBe(true);
    const heat = camToImage(linearCam(), 16, placement, { width, height });
    let checked = 0;
    for (let j = 0; j < height; j++) {
      for (let i = 0; i < width; i++) {
        const xIn = placement.x + ((i + 0.5) * placement.width) / width;
        const yIn = placement.y + ((j + 0.5) * placement.height) / height;
        // Bilinear interpolation reproduces a linear function between the outermost cell centres.
        if (xIn < 2 || xIn > 14 || yIn < 2 || yIn > 14) continue;
        expect(heat[j * width + i]).toBeCloseTo(f(xIn, yIn), 4);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan((width * height) / 3);
  });

  it('samples a smaller grid over the same extent (the viewer stretches it over the image)', () => {
    const { placement } = resizeWithPadding(new Float32Array(40 * 20), 40, 20, 16);
    const full = camToImage(linearCam(), 16, placement, { width: 40, height: 20 });
    const half = camToImage(linearCam(), 16, placement, { width: 20, height: 10 });
    // Half-resolution pixel (i, j) covers full pixels 2i..2i+1 and 2j..2j+1: its centre is their mean.
    const mean = (i: number, j: number) =>
      (full[2 * j * 40 + 2 * i] +
        full[2 * j * 40 + 2 * i + 1] +
        full[(2 * j + 1) * 40 + 2 * i] +
        full[(2 * j + 1) * 40 + 2 * i + 1]) /
      4;
    expect(half[3 * 20 + 8]).toBeCloseTo(mean(8, 3), 4);
  });

  it('keeps the aspect and caps the longer side', () => {
    expect(heatmapSize(512, 512, 256)).toEqual({ width: 256, height: 256 });
    expect(heatmapSize(400, 300, 256)).toEqual({ width: 256, height: 192 });
    expect(heatmapSize(60, 30, 256)).toEqual({ width: 60, height: 30 });
  });

  it('normalises to [0, 1] and leaves an all-zero map at zero', () => {
    expect(Array.from(normaliseToUnit(Float32Array.from([0, 2, 4])))).toEqual([0, 0.5, 1]);
    expect(Array.from(normaliseToUnit(new Float32Array(3)))).toEqual([0, 0, 0]);
  });
});

describe('explainImage on a non-square scan', () => {
  it('puts the heat where the bright spot is in the original pixels, with nothing left allocated', () => {
    // Features = the prepared input, a positive logit weight: the class-0 heatmap is the image itself.
    const model = identityFeatureModel({
      size: 32,
      channels: 1,
      featuresName: 'block1_relu1',
      logitWeights: [[1, -1]],
    });
    const card = explainCard(
      { kind: 'cnn', architecture: { stages: [8], convsPerStage: 1 }, preprocessing: { imageSize: 32 } },
      'grey',
    );
    const [width, height] = [60, 30];
    const pixels = new Float32Array(width * height).fill(20);
    for (let y = 5; y < 10; y++) for (let x = 44; x < 50; x++) pixels[y * width + x] = 255;
    const image: DecodedImage = { pixels, width, height, modality: 'OT', hounsfield: false, meta: {} };

    const before = tf.memory().numTensors;
    const e = explainImage(classifierOf(model, card), image, { classIndex: 0 });
    expect(tf.memory().numTensors).toBe(before);
    expect([e.width, e.height, e.layerName, e.classIndex]).toEqual([60, 30, 'block1_relu1', 0]);
    expect(Math.max(...e.heatmap)).toBe(1);
    expect(Math.min(...e.heatmap)).toBeGreaterThanOrEqual(0);
    const peak = peakOf(e.heatmap, width);
    expect(peak.x).toBeGreaterThanOrEqual(43);
    expect(peak.x).toBeLessThanOrEqual(50);
    expect(peak.y).toBeGreaterThanOrEqual(4);
    expect(peak.y).toBeLessThanOrEqual(10);
    // Far from the spot the heat is the background's share.
    expect(e.heatmap[25 * width + 5]).toBeLessThan(0.2);
    expect(e.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);

    // A wide heatmap is capped on its longer side, keeping the aspect.
    const small = explainImage(classifierOf(model, card), image, { classIndex: 0, maxSide: 20 });
    expect([small.width, small.height]).toEqual([20, 10]);
    const p = peakOf(small.heatmap, 20);
    expect(Math.abs(p.x - 15.5)).toBeLessThanOrEqual(1.5);
    expect(Math.abs(p.y - 2.5)).toBeLessThanOrEqual(1.5);
    model.dispose();
  });
});
