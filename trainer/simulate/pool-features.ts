import type { DecodedImage } from '@/lib/imaging/types';
import type { ModelCard } from '@/lib/models/model-card';
import { inputShape, prepareImage, type PreparedInputSpec } from '@/trainer/data/prepare';
import type { FeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildFoldedBackbone, isFrozenBackbone, pooledFeatures, type FoldedBackbone } from '@/trainer/resnet50/pooled-features';
import { resnet50WeightsFor } from '@/trainer/resnet50/train-resnet50';

/** One folded backbone per weights and input size for the process: every round of every run reuses it. */
const backbones = new Map<string, FoldedBackbone>();

/**
 * The pool's avg_pool embeddings when the members' backbone is frozen (resnet50 'frozen'), so
 * that scoring runs only their heads; undefined for any other model, which then scores from
 * the images. Computed once per scan (the feature cache), as the trainer computes them.
 */
export async function frozenPoolFeatures(
  card: ModelCard,
  scans: readonly { image: DecodedImage; key: string }[],
  cache: FeatureCache,
): Promise<Float32Array[] | undefined> {
  if (!isFrozenBackbone(card.config)) return undefined;
  const weights = await resnet50WeightsFor(card.resnet50Weights?.source);
  const spec: PreparedInputSpec = { imageSize: card.preprocessing.imageSize, inputMode: card.preprocessing.inputMode };
  const id = `${weights.id}|${spec.imageSize}`;
  if (!backbones.has(id)) backbones.set(id, buildFoldedBackbone(weights, spec.imageSize));
  return pooledFeatures({
    backbone: backbones.get(id)!, weightsId: weights.id, spec, cache,
    keys: scans.map((s) => s.key),
    // Prepared on demand: only the scans missing from the cache are ever prepared.
    source: { shape: inputShape(spec), labels: scans.map(() => 0), get: (i) => prepareImage(scans[i].image, spec) },
  });
}
