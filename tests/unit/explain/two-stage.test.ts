import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { inputShape, prepareImage } from '@/trainer/data/prepare';
import { resizeWithPadding } from '@/trainer/data/resize';
import { explainImage, gradCam } from '@/trainer/explain/grad-cam';
import { camToImage, heatmapSize, normaliseToUnit } from '@/trainer/explain/heatmap-geometry';
import { trainModel, type TrainedModel } from '@/trainer/train/train-model';
import { tinyDataset } from '../trainer/fixtures';

describe('Grad-CAM of a network trained from scratch: the last stage times the stage before it', () => {
  let trained: TrainedModel;
  beforeAll(async () => {
    const backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    trained = await trainModel(
      { labels: ['normal', 'hemorrhage'], train: tinyDataset({ count: 24, size: 40, seed: 3 }) },
      { backend, config: { kind: 'cnn', preprocessing: { imageSize: 32 }, training: { epochs: 1, batchSize: 8 } } },
    );
    return () => trained.model.dispose();
  });

  it('multiplies the two maps of the same class on the image grid, and names both layers', () => {
    const image = tinyDataset({ count: 2, size: 40, seed: 5 })[1].image;
    const before = tf.memory().numTensors;
    const e = explainImage({ model: trained.model, card: trained.card }, image, { classIndex: 1, maxSide: 40 });
    expect(tf.memory().numTensors).toBe(before);
    expect(e.layerName).toBe('block3_relu1*block2_relu1');

    // By hand: each layer's Grad-CAM for class 1, on the image grid, normalised, then their product.
    const spec = { imageSize: 32, inputMode: trained.card.preprocessing.inputMode };
    const x = tf.tensor4d(prepareImage(image, spec), [1, ...inputShape(spec)]);
    const { placement } = resizeWithPadding(image.pixels, image.width, image.height, 32);
    const size = heatmapSize(image.width, image.height, 40);
    const map = (layerName: string) =>
      normaliseToUnit(camToImage(gradCam(trained.model, x, { layerName, classIndex: 1 }).cam, 32, placement, size));
    const [last, finer] = [map('block3_relu1'), map('block2_relu1')];
    x.dispose();
    const product = normaliseToUnit(last.map((v, i) => v * finer[i]));
    expect(e.heatmap).toHaveLength(product.length);
    for (let i = 0; i < product.length; i += 7) expect(e.heatmap[i]).toBeCloseTo(product[i], 5);
    expect(Math.max(...e.heatmap)).toBeCloseTo(1, 6);
  });
});
