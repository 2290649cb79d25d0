import * as tf from '@tensorflow/tfjs';
import type { AugmentationConfig } from '@/lib/models/configs';
import type { Rng } from '@/lib/random';
import { batchTensor, gatherExamples } from '@/trainer/train/batches';
import type { ExampleSource } from '@/trainer/train/types';
import { augmentExamples, drawAugmentation } from './augment';
import { sharedAugmentWorker, type AugmentWorker } from './augment-worker-pool';

export interface BatchPipelineOptions {
  source: ExampleSource;
  /** Augments images [h, w, c]; a batch's draws are taken from `rng` when it is requested. */
  augmentation?: AugmentationConfig;
  rng: Rng;
  /** Augments on the process's worker thread (default, or the one given); in-thread when false or while it is not up. */
  worker?: boolean | AugmentWorker;
}

/** A batch being prepared; take() gives its tensor [n, ...shape], which the caller disposes. */
export interface PendingBatch {
  take(): Promise<tf.Tensor>;
}

/**
 * Requests batches ahead of use: request(indices) draws the batch's augmentation now (so the
 * rng sequence is the caller's order of calls), copies the batch's examples into one array and
 * transfers it to the worker thread, which augments while this thread trains on the previous
 * batch. Both paths run the same augmentExamples. Without augmentation the batch is stacked when taken.
 */
export function batchPipeline(o: BatchPipelineOptions): (indices: readonly number[]) => PendingBatch {
  const { source, augmentation: cfg, rng } = o;
  if (!cfg) return (idx) => ({ take: async () => batchTensor(source, idx) });
  if (source.shape.length !== 3)
    throw new Error(`augmentation needs images [h, w, c], got examples of shape [${source.shape}]`);
  const [h, w, c] = source.shape;
  const worker =
    o.worker === false ? null : o.worker === true || o.worker === undefined ? sharedAugmentWorker() : o.worker;
  return (idx) => {
    const shape: [number, number, number, number] = [idx.length, h, w, c];
    const params = drawAugmentation(idx.length, w, h, cfg, rng);
    const inThread = () => augmentExamples(gatherExamples(source, idx), shape, params);
    // A worker that stops meanwhile loses its batch's pixels (transferred): they are gathered again.
    const prepared = worker?.isReady() ? worker.run(gatherExamples(source, idx), shape, params).catch(inThread) : null;
    return { take: async () => tf.tensor4d(prepared ? await prepared : inThread(), shape) };
  };
}
