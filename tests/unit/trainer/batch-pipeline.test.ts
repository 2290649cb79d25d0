import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cnnVariants } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { augmentExamples, drawAugmentation } from '@/trainer/data/augment';
import { sharedAugmentWorker, startAugmentWorker } from '@/trainer/data/augment-worker-pool';
import { batchPipeline } from '@/trainer/data/batch-pipeline';
import { arraySource } from '@/trainer/data/image-source';
import { buildCnn } from '@/trainer/models/cnn';
import { gatherExamples } from '@/trainer/train/batches';
import { fitClassifier } from '@/trainer/train/fit';

const cfg = { flipHorizontal: true, flipVertical: true, maxRotationDeg: 15, intensityJitter: 0.2 };
const shape: [number, number, number] = [32, 32, 3];

function source(count: number, seed: number) {
  const rng = createRng(seed);
  const data = Array.from({ length: count }, () => Float32Array.from({ length: 32 * 32 * 3 }, () => rng.next()));
  return arraySource(
    data,
    data.map((_, i) => i % 2),
    shape,
  );
}

describe('batch pipeline (augmentation on a worker thread)', () => {
  beforeAll(async () => {
    await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
  });

  it('the worker starts here and gives exactly the in-thread batches, drawing the rng in request order', async () => {
    expect(await sharedAugmentWorker()!.ready).toBe(true);
    const src = source(10, 1);
    const onWorker = batchPipeline({ source: src, augmentation: cfg, rng: createRng(7) });
    const inThread = batchPipeline({ source: src, augmentation: cfg, rng: createRng(7), worker: false });
    const requests = [[3, 1, 4], [1, 5, 9, 2], [6]];
    const a = requests.map((idx) => onWorker(idx));
    const b = requests.map((idx) => inThread(idx));
    // The reference: each batch's draws in turn, applied to its examples.
    const ref = createRng(7);
    for (let k = 0; k < requests.length; k++) {
      const idx = requests[k];
      const expected = augmentExamples(
        gatherExamples(src, idx),
        [idx.length, ...shape],
        drawAugmentation(idx.length, 32, 32, cfg, ref),
      );
      const [x, y] = [await a[k].take(), await b[k].take()];
      expect(x.shape).toEqual([idx.length, ...shape]);
      expect(x.dataSync()).toEqual(expected);
      expect(y.dataSync()).toEqual(expected);
      tf.dispose([x, y]);
    }
  });

  it('falls back to in-thread augmentation when the worker dies with a batch, or cannot start', async () => {
    const src = source(6, 5);
    const idx = [4, 0, 2];
    const expected = augmentExamples(
      gatherExamples(src, idx),
      [3, ...shape],
      drawAugmentation(3, 32, 32, cfg, createRng(3)),
    );
    const stops: boolean[] = [];
    const dying = startAugmentWorker(path.join(import.meta.dirname, 'crashing-augment-worker.mjs'), 60_000, (failed) =>
      stops.push(failed),
    );
    expect(await dying.ready).toBe(true);
    const x = await batchPipeline({ source: src, augmentation: cfg, rng: createRng(3), worker: dying })(idx).take();
    expect(x.dataSync()).toEqual(expected);
    expect(stops).toEqual([true]);
    expect(dying.isReady()).toBe(false);
    x.dispose();
    const missing = startAugmentWorker(path.join(import.meta.dirname, 'no-such-worker.mjs'), 60_000);
    expect(await missing.ready).toBe(false);
    const y = await batchPipeline({ source: src, augmentation: cfg, rng: createRng(3), worker: missing })(idx).take();
    expect(y.dataSync()).toEqual(expected);
    y.dispose();
  });

  it('training gives the same losses with and without the worker, and leaks no tensor', async () => {
    const src = source(40, 2);
    const fit = async (augmentOnWorker: boolean) => {
      const model = buildCnn({
        inputShape: shape,
        classCount: 2,
        dropout: 0.3,
        seed: 4,
        architecture: cnnVariants.fast,
      });
      const history = await fitClassifier({
        kind: 'cnn',
        phase: 'train',
        model,
        train: src,
        validation: source(8, 3),
        epochs: 3,
        batchSize: 16,
        learningRate: 1e-3,
        patience: 10,
        classWeights: null,
        bnTraining: true,
        augmentation: cfg,
        augmentOnWorker,
        rng: createRng(11),
      });
      model.dispose();
      return history;
    };
    const before = tf.memory().numTensors;
    const onWorker = await fit(true);
    const inThread = await fit(false);
    expect(onWorker.map((h) => [h.loss, h.valLoss])).toEqual(inThread.map((h) => [h.loss, h.valLoss]));
    expect(new Set(onWorker.map((h) => h.numTensors)).size).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });
});
