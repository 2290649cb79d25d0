import { headLayerNames } from '@/lib/models/configs';
import { imageSource, type PreparedInputCache } from '@/trainer/data/image-source';
import { resolveInputMode } from '@/trainer/data/normalise';
import type { LabelledImage } from '@/trainer/data/types';
import { cachedFeatures } from '@/trainer/resnet50/backbone-features';
import type { FeatureCache } from '@/trainer/resnet50/feature-cache';
import { buildFoldedBackbone, featurePreprocessing } from '@/trainer/resnet50/pooled-features';
import { resnet50WeightsFor } from '@/trainer/resnet50/weights';

/**
 * Pretrained ResNet50 avg_pool features (2048 per image) of every image, through the cache,
 * under the key ResNet50 training stores its own frozen features: computed once for both.
 */
export async function frozenFeatures(
  images: readonly LabelledImage[],
  o: {
    imageSize: number;
    cache: FeatureCache;
    preparedCache?: PreparedInputCache;
    weightsSource?: string;
    onBatch?: (done: number, total: number) => void;
  },
): Promise<Float32Array[]> {
  const inputMode = resolveInputMode(
    'auto',
    'resnet50',
    images.map((i) => i.image),
  );
  const spec = { imageSize: o.imageSize, inputMode };
  const weights = await resnet50WeightsFor(o.weightsSource);
  const backbone = buildFoldedBackbone(weights, o.imageSize);
  try {
    const { features } = await cachedFeatures({
      network: backbone.toPooled,
      runner: () => backbone.runnerFor(backbone.toPooled),
      source: imageSource(images, spec, o.preparedCache),
      keys: images.map((i) => i.key),
      weightsId: weights.id,
      layer: headLayerNames.embedding,
      preprocessing: featurePreprocessing(spec),
      cache: o.cache,
      onBatch: o.onBatch,
    });
    return features;
  } finally {
    backbone.dispose();
  }
}
