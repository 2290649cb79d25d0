import * as tf from '@tensorflow/tfjs';
import type { NetworkRunner } from '@/trainer/onnx/network-runner';
import { batchTensor, gatherExamples, inOrderBatches } from '@/trainer/train/batches';
import type { ExampleSource } from '@/trainer/train/types';
import type { FeatureCache } from './feature-cache';
import { featureCacheKey } from './feature-cache';

export interface CachedFeaturesOptions {
  /** Frozen network from the source's inputs to the wanted layer. */
  network: tf.LayersModel;
  source: ExampleSource;
  /** Content key of each example (same order as the source). */
  keys: readonly string[];
  weightsId: string;
  preprocessing: string;
  layer: string;
  cache: FeatureCache;
  batchSize?: number;
  /**
   * What runs `network` (onnxruntime when it matches tfjs; trainer/onnx/network-runner.ts),
   * asked for only when some example misses the cache; without it, tfjs runs the network.
   */
  runner?: () => Promise<NetworkRunner>;
  onBatch?: (done: number, total: number) => void;
}

/** Features of every example, computing only the cache misses (in batches) and storing them. */
export async function cachedFeatures(
  o: CachedFeaturesOptions,
): Promise<{ features: Float32Array[]; computed: number }> {
  const cacheKeys = o.keys.map((imageKey) =>
    featureCacheKey({ weightsId: o.weightsId, imageKey, preprocessing: o.preprocessing, layer: o.layer }),
  );
  const features = await Promise.all(cacheKeys.map((k) => o.cache.get(k)));
  const missing = features.flatMap((f, i) => (f ? [] : [i]));
  const batches = inOrderBatches(missing.length, o.batchSize ?? 16);
  let done = 0;
  const runner = missing.length > 0 && o.runner ? await o.runner() : null;
  for (const b of batches) {
    const idx = b.map((k) => missing[k]);
    let rows: Float32Array;
    if (runner) {
      rows = await runner.run(gatherExamples(o.source, idx), idx.length);
    } else {
      // Read the features outside tidy: tidy walks every element of an array it returns
      // (into a Set), which took longer than the backbone itself for a batch of stage-4 maps.
      const out = tf.tidy(() => o.network.predict(batchTensor(o.source, idx)) as tf.Tensor);
      rows = out.dataSync() as Float32Array;
      out.dispose();
    }
    const size = rows.length / idx.length;
    for (let k = 0; k < idx.length; k++) {
      const f = rows.slice(k * size, (k + 1) * size);
      features[idx[k]] = f;
      await o.cache.set(cacheKeys[idx[k]], f);
    }
    done += idx.length;
    o.onBatch?.(done, missing.length);
  }
  return { features: features as Float32Array[], computed: missing.length };
}
