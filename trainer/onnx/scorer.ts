import type * as tf from '@tensorflow/tfjs';
import type { DecodedImage } from '@/lib/imaging/types';
import { headLayerNames } from '@/lib/models/configs';
import type { Logger } from '@/server/logger';
import { inputShape, prepareImage } from '@/trainer/data/prepare';
import type { Classifier } from '@/trainer/evaluate';
import {
  predictProbabilities,
  predictProbabilitiesFromEmbeddings,
  type PredictOptions,
  type Predictions,
} from '@/trainer/predict';
import { createNetworkRunner, defaultScoringEngine, type ScoringEngineChoice } from './network-runner';

export type { ScoringEngineChoice } from './network-runner';

/** Largest difference in any class probability between onnxruntime and tfjs that scoring accepts. */
export const SCORING_TOLERANCE = 1e-4;
const CHECK_IMAGES = 4;
const BATCH = 64;

export interface Scorer {
  /** What computes the embeddings: 'onnxruntime' or 'tfjs', with why when it is tfjs. */
  engine: 'onnxruntime' | 'tfjs';
  reason?: string;
  predict(images: readonly DecodedImage[], opts?: PredictOptions): Promise<Predictions>;
  dispose(): Promise<void>;
}

/**
 * A scorer for one classifier. With onnxruntime (docs/ARCHITECTURE.md, "Scoring"), the network
 * up to its avg_pool embedding is exported to ONNX and run there; the head (dropout and logits,
 * MC-dropout passes included) stays in tfjs, so both engines give the same predictions object.
 * The export is accepted only after its probabilities on the first images scored match tfjs'
 * within SCORING_TOLERANCE; otherwise, and whenever onnxruntime cannot load or a layer cannot
 * be exported, scoring falls back to tfjs and says why (one info line).
 */
export async function createScorer(
  classifier: Classifier,
  opts: { engine?: ScoringEngineChoice; log?: Logger; threads?: number } = {},
): Promise<Scorer> {
  const choice = opts.engine ?? defaultScoringEngine();
  const tfjsScorer = (reason: string): Scorer => {
    if (choice === 'onnxruntime') throw new Error(`onnxruntime scoring is not available: ${reason}`);
    opts.log?.info({ engine: 'tfjs', reason }, `scoring with tfjs: ${reason}`);
    return {
      engine: 'tfjs',
      reason,
      predict: async (images, p) => predictProbabilities(classifier, images, p),
      dispose: async () => {},
    };
  };
  const model = classifier.model;
  const embedding = model.getLayer(headLayerNames.dropout).input as tf.SymbolicTensor;
  if (choice !== 'tfjs' && model.inputs.includes(embedding))
    return tfjsScorer('the model is a head on cached features');
  const runner = await createNetworkRunner(model, {
    output: embedding,
    engine: choice,
    threads: opts.threads,
    check: false,
  }).catch((err: Error) => {
    if (choice === 'onnxruntime') throw new Error(`onnxruntime scoring is not available: ${err.message}`);
    throw err;
  });
  if (runner.engine === 'tfjs') return tfjsScorer(runner.reason ?? 'tfjs');
  const { card } = classifier;
  const spec = { imageSize: card.preprocessing.imageSize, inputMode: card.preprocessing.inputMode };
  const perImage = inputShape(spec).reduce((a, b) => a * b, 1);
  const width = runner.outputSize;

  const embed = async (images: readonly DecodedImage[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let start = 0; start < images.length; start += BATCH) {
      const part = images.slice(start, start + BATCH);
      const batch = new Float32Array(part.length * perImage);
      part.forEach((image, k) => batch.set(prepareImage(image, spec), k * perImage));
      const data = await runner.run(batch, part.length);
      for (let k = 0; k < part.length; k++) out.push(data.slice(k * width, (k + 1) * width));
    }
    return out;
  };

  let checked = false;
  const scorer: Scorer = {
    engine: 'onnxruntime',
    async predict(images, p = {}) {
      if (!checked && images.length > 0) {
        const sample = images.slice(0, CHECK_IMAGES);
        const reference = predictProbabilities(classifier, sample).probabilities;
        const ours = predictProbabilitiesFromEmbeddings(classifier, await embed(sample)).probabilities;
        const diff = maxAbsDifference(reference, ours);
        if (!(diff <= SCORING_TOLERANCE)) {
          await runner.dispose();
          const fallback = tfjsScorer(
            `onnxruntime's probabilities differ from tfjs' by ${diff.toExponential(2)} (more than ${SCORING_TOLERANCE})`,
          );
          Object.assign(scorer, fallback);
          return fallback.predict(images, p);
        }
        checked = true;
        opts.log?.info({ engine: 'onnxruntime', difference: diff }, 'scoring with onnxruntime');
      }
      return predictProbabilitiesFromEmbeddings(classifier, await embed(images), p);
    },
    dispose: () => runner.dispose(),
  };
  return scorer;
}

function maxAbsDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((v, k) => (max = Math.max(max, Math.abs(v - b[i][k])))));
  return max;
}
