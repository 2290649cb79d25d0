import * as tf from '@tensorflow/tfjs';
import type { DecodedImage } from '@/lib/imaging/types';
import { headLayerNames } from '@/lib/models/configs';
import type { ModelCard } from '@/lib/models/model-card';
import { createRng } from '@/lib/random';
import { specKey } from './data/image-source';
import { inputShape, prepareImage } from './data/prepare';
import type { Classifier } from './evaluate';
import { inOrderBatches, batchTensor } from './train/batches';
import { classifierParts, type ClassifierParts } from './train/classifier-parts';
import type { ExampleSource } from './train/types';

export interface PredictOptions {
  /** Extra stochastic passes with dropout active on the head (MC dropout); 0 = none. */
  mcDropoutPasses?: number;
  /** Seed of the MC-dropout masks. */
  seed?: number;
  /** Also return the avg_pool embedding of each image. */
  embeddings?: boolean;
  batchSize?: number;
  /** Inputs already prepared for these images (scoring shares them between versions of one size and mode). */
  prepared?: PreparedMemo;
}

/** Prepared inputs per decoded image and input spec, for as long as the images are held. */
export type PreparedMemo = WeakMap<DecodedImage, Map<string, Float32Array>>;

export interface Predictions {
  /** softmax(logits / T) with the card's fitted temperature, one row per image. */
  probabilities: number[][];
  /** [image][pass][class] when mcDropoutPasses > 0. */
  mcSamples?: number[][][];
  embeddings?: number[][];
}

/**
 * Decoded images as the network's inputs, preprocessed exactly as in training (from the card),
 * each prepared when a batch asks for it: scoring a whole project must not hold every input in memory.
 */
export function preparedImages(card: ModelCard, images: readonly DecodedImage[], memo?: PreparedMemo): ExampleSource {
  const spec = { imageSize: card.preprocessing.imageSize, inputMode: card.preprocessing.inputMode };
  const key = specKey(spec);
  const get = (i: number) => {
    if (!memo) return prepareImage(images[i], spec);
    let bySpec = memo.get(images[i]);
    if (!bySpec) memo.set(images[i], (bySpec = new Map()));
    let x = bySpec.get(key);
    if (!x) bySpec.set(key, (x = prepareImage(images[i], spec)));
    return x;
  };
  return { shape: inputShape(spec), labels: images.map(() => 0), get };
}

/**
 * Class probabilities for decoded images, preprocessed exactly as in training (from the card).
 * MC dropout runs the backbone once and only the head per pass: all dropout sits in the head.
 */
export function predictProbabilities(
  classifier: Classifier,
  images: readonly DecodedImage[],
  opts: PredictOptions = {},
): Predictions {
  const source = preparedImages(classifier.card, images, opts.prepared);
  const parts = classifierParts(classifier.model);
  return predictFromEmbedding(
    classifier,
    parts,
    images.length,
    (idx) => {
      const emb = tf.tidy(() => parts.embed(batchTensor(source, idx), false));
      const data = emb.dataSync() as Float32Array;
      emb.dispose();
      return data;
    },
    opts,
  );
}

/**
 * The same from avg_pool embeddings computed elsewhere: a frozen backbone's cached features
 * (trainer/resnet50/pooled-features), so scoring a pool runs only the head.
 */
export function predictProbabilitiesFromEmbeddings(
  classifier: Classifier,
  embeddings: readonly Float32Array[],
  opts: PredictOptions = {},
): Predictions {
  const width = classifier.card.head.featureCount;
  return predictFromEmbedding(
    classifier,
    classifierParts(classifier.model),
    embeddings.length,
    (idx) => {
      const batch = new Float32Array(idx.length * width);
      idx.forEach((i, k) => batch.set(embeddings[i], k * width));
      return batch;
    },
    opts,
  );
}

/** The head's dense layer as plain arrays: kernel [features x classes], bias [classes]. */
function denseHead(model: tf.LayersModel) {
  const [kernel, bias] = model.getLayer(headLayerNames.logits).getWeights();
  const [width, classes] = kernel.shape as [number, number];
  return { kernel: kernel.dataSync() as Float32Array, bias: bias.dataSync() as Float32Array, width, classes };
}

/**
 * The head in plain JavaScript: dropout masks, the dense layer and a tempered softmax per row.
 * It runs once per image and once more per MC-dropout pass, for tens of thousands of scans, where
 * tfjs would pay its per-operation cost about fifty times per batch. The masks are drawn in the
 * order seededDropout draws them (per batch: pass by pass, row by row).
 */
function predictFromEmbedding(
  classifier: Classifier,
  parts: ClassifierParts,
  count: number,
  embed: (idx: number[]) => Float32Array,
  opts: PredictOptions,
): Predictions {
  const { card } = classifier;
  const passes = opts.mcDropoutPasses ?? 0;
  const rng = createRng(opts.seed ?? 0);
  const { kernel, bias, width, classes } = denseHead(classifier.model);
  const keep = 1 - parts.dropoutRate;
  const kept = Math.fround(1 / keep);
  const z = new Float64Array(classes);
  /** The tempered softmax of z: the classes' probabilities. */
  const softmax = (): number[] => {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, z[c] / card.temperature);
    const e = new Array<number>(classes);
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += e[c] = Math.exp(z[c] / card.temperature - max);
    for (let c = 0; c < classes; c++) e[c] /= sum;
    return e;
  };
  /** Logits of one row into z, every feature kept. */
  const logits = (features: Float32Array, row: number): void => {
    for (let c = 0; c < classes; c++) z[c] = bias[c];
    for (let j = 0; j < width; j++) {
      const v = features[row + j];
      if (v === 0) continue;
      for (let c = 0; c < classes; c++) z[c] += v * kernel[j * classes + c];
    }
  };
  /**
   * Logits of one row under a fresh dropout mask into z: each feature's draw is made in order,
   * as seededDropout makes it, and a dropped feature adds nothing.
   */
  const maskedLogits = (features: Float32Array, row: number): void => {
    for (let c = 0; c < classes; c++) z[c] = bias[c];
    for (let j = 0; j < width; j++) {
      if (!(rng.next() < keep)) continue;
      const v = Math.fround(features[row + j] * kept);
      if (v === 0) continue;
      for (let c = 0; c < classes; c++) z[c] += v * kernel[j * classes + c];
    }
  };
  const out: Required<Predictions> = { probabilities: [], mcSamples: [], embeddings: [] };
  for (const idx of inOrderBatches(count, opts.batchSize ?? 32)) {
    const emb = embed(idx);
    idx.forEach((_, k) => {
      logits(emb, k * width);
      out.probabilities.push(softmax());
    });
    if (opts.embeddings)
      idx.forEach((_, k) => out.embeddings.push(Array.from(emb.subarray(k * width, (k + 1) * width))));
    if (passes > 0 && parts.dropoutRate > 0) {
      const samples: number[][][] = idx.map(() => []);
      for (let p = 0; p < passes; p++) {
        idx.forEach((_, k) => {
          maskedLogits(emb, k * width);
          samples[k].push(softmax());
        });
      }
      out.mcSamples.push(...samples);
    } else if (passes > 0) {
      idx.forEach((_, k) => out.mcSamples.push(Array.from({ length: passes }, () => out.probabilities[idx[0] + k])));
    }
  }
  return {
    probabilities: out.probabilities,
    mcSamples: passes > 0 ? out.mcSamples : undefined,
    embeddings: opts.embeddings ? out.embeddings : undefined,
  };
}
