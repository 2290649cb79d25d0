import * as tf from '@tensorflow/tfjs';
import type { DecodedImage } from '@/lib/imaging/types';
import type { ModelCard } from '@/lib/models/model-card';
import { createRng } from '@/lib/random';
import { inputShape, prepareImage } from './data/prepare';
import type { Classifier } from './evaluate';
import { inOrderBatches, batchTensor } from './train/batches';
import { classifierParts, seededDropout, type ClassifierParts } from './train/classifier-parts';
import type { ExampleSource } from './train/types';

export interface PredictOptions {
  /** Extra stochastic passes with dropout active on the head (MC dropout); 0 = none. */
  mcDropoutPasses?: number;
  /** Seed of the MC-dropout masks. */
  seed?: number;
  /** Also return the avg_pool embedding of each image. */
  embeddings?: boolean;
  batchSize?: number;
}

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
export function preparedImages(card: ModelCard, images: readonly DecodedImage[]): ExampleSource {
  const spec = { imageSize: card.preprocessing.imageSize, inputMode: card.preprocessing.inputMode };
  return { shape: inputShape(spec), labels: images.map(() => 0), get: (i) => prepareImage(images[i], spec) };
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
  const source = preparedImages(classifier.card, images);
  const parts = classifierParts(classifier.model);
  return predictFromEmbedding(
    classifier,
    parts,
    images.length,
    (idx) => parts.embed(batchTensor(source, idx), false),
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
      return tf.tensor2d(batch, [idx.length, width]);
    },
    opts,
  );
}

function predictFromEmbedding(
  classifier: Classifier,
  parts: ClassifierParts,
  count: number,
  embed: (idx: number[]) => tf.Tensor2D,
  opts: PredictOptions,
): Predictions {
  const { card } = classifier;
  const passes = opts.mcDropoutPasses ?? 0;
  const rng = createRng(opts.seed ?? 0);
  const out: Required<Predictions> = { probabilities: [], mcSamples: [], embeddings: [] };
  for (const idx of inOrderBatches(count, opts.batchSize ?? 32)) {
    tf.tidy(() => {
      const emb = embed(idx);
      const probs = (f: tf.Tensor2D) => tf.softmax(parts.logits(f).div(card.temperature)).arraySync() as number[][];
      out.probabilities.push(...probs(emb));
      if (opts.embeddings) out.embeddings.push(...(emb.arraySync() as number[][]));
      if (passes > 0) {
        const samples = Array.from({ length: passes }, () => probs(seededDropout(emb, parts.dropoutRate, rng.next)));
        idx.forEach((_, k) => out.mcSamples.push(samples.map((s) => s[k])));
      }
    });
  }
  return {
    probabilities: out.probabilities,
    mcSamples: passes > 0 ? out.mcSamples : undefined,
    embeddings: opts.embeddings ? out.embeddings : undefined,
  };
}
