import os from 'node:os';
import type * as tf from '@tensorflow/tfjs';
import type * as OrtModule from 'onnxruntime-node';
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
import { exportLayersToOnnx, UnsupportedLayerError } from './from-layers';

/** Which engine computes a classifier's embeddings when scoring: `auto` tries onnxruntime first. */
export type ScoringEngineChoice = 'auto' | 'onnxruntime' | 'tfjs';

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

type Ort = typeof OrtModule;
let ortLoad: Promise<Ort | Error> | null = null;

/** onnxruntime-node, loaded once; an Error when the package or its native library is missing. */
function loadOrt(): Promise<Ort | Error> {
  ortLoad ??= import('onnxruntime-node').then(
    (m) => ((m as { default?: Ort }).default ?? m) as Ort,
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  return ortLoad;
}

/** Threads for onnxruntime: the cores, at most 8 (as the WASM backend). */
export function scoringThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
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
  const choice = opts.engine ?? 'auto';
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
  if (choice === 'tfjs') return tfjsScorer('SCORING_ENGINE is tfjs');
  const ort = await loadOrt();
  if (ort instanceof Error) return tfjsScorer(`onnxruntime-node did not load (${ort.message.split('\n')[0]})`);

  const model = classifier.model;
  const embedding = model.getLayer(headLayerNames.dropout).input as tf.SymbolicTensor;
  if (model.inputs.includes(embedding)) return tfjsScorer('the model is a head on cached features');
  let exported;
  try {
    exported = exportLayersToOnnx(model, embedding);
  } catch (err) {
    if (err instanceof UnsupportedLayerError) return tfjsScorer(err.message);
    throw err;
  }
  const threads = opts.threads ?? scoringThreads();
  const session = await ort.InferenceSession.create(exported.bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const { card } = classifier;
  const spec = { imageSize: card.preprocessing.imageSize, inputMode: card.preprocessing.inputMode };
  const shape = inputShape(spec);
  const perImage = shape[0] * shape[1] * shape[2];
  const width = exported.outputShape.reduce((a, b) => a * b, 1);

  const embed = async (images: readonly DecodedImage[]): Promise<Float32Array[]> => {
    const out: Float32Array[] = [];
    for (let start = 0; start < images.length; start += BATCH) {
      const part = images.slice(start, start + BATCH);
      const batch = new Float32Array(part.length * perImage);
      part.forEach((image, k) => batch.set(prepareImage(image, spec), k * perImage));
      const result = await session.run({
        [exported.inputName]: new ort.Tensor('float32', batch, [part.length, ...shape]),
      });
      const data = result[exported.outputName].data as Float32Array;
      for (let k = 0; k < part.length; k++) out.push(data.slice(k * width, (k + 1) * width));
      result[exported.outputName].dispose?.();
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
          await session.release();
          const fallback = tfjsScorer(
            `onnxruntime's probabilities differ from tfjs' by ${diff.toExponential(2)} (more than ${SCORING_TOLERANCE})`,
          );
          Object.assign(scorer, fallback);
          return fallback.predict(images, p);
        }
        checked = true;
        opts.log?.info({ engine: 'onnxruntime', threads, difference: diff }, 'scoring with onnxruntime');
      }
      return predictProbabilitiesFromEmbeddings(classifier, await embed(images), p);
    },
    dispose: () => session.release(),
  };
  return scorer;
}

function maxAbsDifference(a: number[][], b: number[][]): number {
  let max = 0;
  a.forEach((row, i) => row.forEach((v, k) => (max = Math.max(max, Math.abs(v - b[i][k])))));
  return max;
}
