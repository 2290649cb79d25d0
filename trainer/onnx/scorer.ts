import type * as tf from '@tensorflow/tfjs';
import type { DecodedImage } from '@/lib/imaging/types';
import { headLayerNames } from '@/lib/models/configs';
import type { Logger } from '@/server/logger';
import type { Classifier } from '@/trainer/evaluate';
import {
  preparedImages,
  predictProbabilities,
  predictProbabilitiesFromEmbeddings,
  type PredictOptions,
  type Predictions,
  type PreparedMemo,
} from '@/trainer/predict';
import { gatherExamples, inOrderBatches } from '@/trainer/train/batches';
import {
  createNetworkRunner,
  defaultScoringEngine,
  maxAbsDifference,
  type ScoringEngineChoice,
} from './network-runner';

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
 * MC-dropout passes included) is the same code for both engines (trainer/predict.ts), so both
 * give the same predictions object.
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
  const width = runner.outputSize;
  const embed = async (images: readonly DecodedImage[], memo?: PreparedMemo): Promise<Float32Array[]> => {
    const source = preparedImages(classifier.card, images, memo);
    const out: Float32Array[] = [];
    for (const idx of inOrderBatches(images.length, BATCH)) {
      const data = await runner.run(gatherExamples(source, idx), idx.length);
      for (let k = 0; k < idx.length; k++) out.push(data.subarray(k * width, (k + 1) * width));
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
        const diff = maxAbsDifference(reference.flat(), ours.flat());
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
      return predictProbabilitiesFromEmbeddings(classifier, await embed(images, p.prepared), p);
    },
    dispose: () => runner.dispose(),
  };
  return scorer;
}
