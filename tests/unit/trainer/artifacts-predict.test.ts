import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { loadArtifact, saveArtifact } from '@/trainer/artifacts';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { createRng } from '@/lib/random';
import { predictProbabilities } from '@/trainer/predict';
import { classifierParts, seededDropout } from '@/trainer/train/classifier-parts';
import { trainModel, type TrainedModel } from '@/trainer/train/train-model';
import { tinyDataset } from './fixtures';

let dir: string;
let trained: TrainedModel;
const images = tinyDataset({ count: 6, size: 40, seed: 9, ct: true }).map((d) => d.image);

describe('artifacts and prediction', () => {
  beforeAll(async () => {
    const backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'neuroloop-artifact-'));
    const data = tinyDataset({ count: 32, size: 40, seed: 8, ct: true });
    trained = await trainModel(
      { labels: ['normal', 'hemorrhage'], train: data },
      { backend, config: { kind: 'cnn', preprocessing: { imageSize: 32 }, training: { epochs: 2, batchSize: 8 } } },
    );
  });
  afterAll(async () => {
    trained.model.dispose();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('save then load gives identical predictions and the same card', async () => {
    await saveArtifact(trained.model, dir, trained.card);
    expect((await fs.readdir(dir)).sort()).toEqual(['card.json', 'model.json', 'weights.bin']);
    const loaded = await loadArtifact(dir);
    expect(loaded.card).toEqual(trained.card);
    expect(loaded.card.preprocessing.inputMode).toBe('ct-windows');
    const a = predictProbabilities(trained, images).probabilities;
    const b = predictProbabilities(loaded, images).probabilities;
    expect(b).toEqual(a);
    a.forEach((row) => expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 5));
    loaded.model.dispose();
  });

  it('MC dropout samples vary between passes, are seeded, and embeddings come from avg_pool', () => {
    const before = tf.memory().numTensors;
    const p = predictProbabilities(trained, images, { mcDropoutPasses: 5, seed: 3, embeddings: true });
    expect(tf.memory().numTensors).toBe(before);
    expect(p.mcSamples).toHaveLength(images.length);
    expect(p.mcSamples![0]).toHaveLength(5);
    // A scan the model is sure of gives 1 on every pass (float32 saturates); the others differ pass by pass.
    const varying = p.mcSamples!.filter((passes) => new Set(passes.map((s) => s[0])).size > 1);
    expect(varying.length).toBeGreaterThan(0);
    expect(predictProbabilities(trained, images, { mcDropoutPasses: 5, seed: 3 }).mcSamples).toEqual(p.mcSamples);
    expect(p.embeddings![0]).toHaveLength(trained.card.head.featureCount);
  });

  it("computes the head as the model's own layers do, MC-dropout masks drawn as seededDropout draws them", () => {
    const passes = 3;
    const p = predictProbabilities(trained, images, { mcDropoutPasses: passes, seed: 5, embeddings: true });
    const parts = classifierParts(trained.model);
    const emb = tf.tensor2d(p.embeddings!);
    const tempered = (f: tf.Tensor2D) =>
      tf.tidy(() => tf.softmax(parts.logits(f).div(trained.card.temperature)).arraySync() as number[][]);
    const close = (a: number[][], b: number[][]) =>
      a.forEach((row, i) => row.forEach((v, c) => expect(Math.abs(v - b[i][c])).toBeLessThan(1e-6)));
    close(p.probabilities, tempered(emb));
    // The reference: the same rng, one mask per pass over the whole batch (all images fit in one).
    const rng = createRng(5);
    for (let pass = 0; pass < passes; pass++) {
      const masked = tf.tidy(() => tempered(seededDropout(emb, parts.dropoutRate, rng.next)));
      close(
        p.mcSamples!.map((s) => s[pass]),
        masked,
      );
    }
    emb.dispose();
  });

  it('refuses a folder without an artifact', async () => {
    await expect(loadArtifact(path.join(dir, 'missing'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
