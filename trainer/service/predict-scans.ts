import { mutualInformation } from '@/lib/strategies/uncertainty';
import type { Db } from '@/server/db/client';
import { listPredictedScanIds, savePredictions } from '@/server/use-cases/save-predictions';
import type { Classifier } from '@/trainer/evaluate';
import type { Logger } from '@/server/logger';
import { createScorer, type Scorer } from '@/trainer/onnx/scorer';
import { predictProbabilitiesFromEmbeddings } from '@/trainer/predict';
import { frozenBackboneFeatures } from '@/trainer/resnet50/pooled-features';
import type { FeatureCache } from '@/trainer/resnet50/feature-cache';
import { writeEmbeddings } from '@/server/storage/embedding-store';
import { loadPreviews } from './load-images';

/** MC-dropout passes stored with every prediction (the head alone: cheap), for BALD. */
export const MC_DROPOUT_PASSES = 8;

/**
 * Has one model version predict the given scans it has not predicted yet (scores from a
 * version are computed once), storing probabilities, MC-dropout samples with their mutual
 * information (BALD's score, so ranking reads it instead of recomputing it) and embeddings.
 */
export async function predictScans(
  deps: { db: Db; storageDir: string; featureCache?: FeatureCache; log?: Logger },
  version: { id: string; classifier: Classifier },
  scans: { id: string; previewPath: string; contentHash?: string }[],
  opts: { batch?: number; onBatch?: (done: number, total: number) => void } = {},
): Promise<{ predicted: number }> {
  const done = await listPredictedScanIds(
    deps.db,
    version.id,
    scans.map((s) => s.id),
  );
  const todo = scans.filter((s) => !done.has(s.id));
  const batch = opts.batch ?? 256;
  // Made on the first batch that needs the whole network (a cached-feature head never does).
  let scorer: Scorer | null = null;
  try {
    for (let i = 0; i < todo.length; i += batch) {
      const part = todo.slice(i, i + batch);
      const images = await loadPreviews(
        deps.storageDir,
        part.map((s) => s.previewPath),
      );
      const predictOpts = { mcDropoutPasses: MC_DROPOUT_PASSES, embeddings: true, seed: i };
      // A frozen backbone's features are cached per scan (training computed most of them): only the head runs.
      const keyed =
        deps.featureCache && part.every((s) => s.contentHash)
          ? part.map((s, k) => ({ image: images[k], key: s.contentHash! }))
          : null;
      const features = keyed && (await frozenBackboneFeatures(version.classifier.card, keyed, deps.featureCache!));
      if (!features) scorer ??= await createScorer(version.classifier, { log: deps.log });
      const out = features
        ? predictProbabilitiesFromEmbeddings(version.classifier, features, predictOpts)
        : await scorer!.predict(images, predictOpts);
      const scratch = new Float64Array(out.probabilities[0]?.length ?? 0);
      const refs = await writeEmbeddings(
        deps.storageDir,
        `embeddings/${version.id}/${i / batch}.f32`,
        out.embeddings ?? [],
      );
      await savePredictions(
        deps.db,
        version.id,
        part.map((s, k) => {
          const mcSamples = out.mcSamples?.[k];
          return {
            scanId: s.id,
            probabilities: out.probabilities[k],
            mcSamples,
            mutualInformation: mcSamples && mutualInformation(mcSamples, scratch),
            embeddingRef: refs[k],
          };
        }),
      );
      opts.onBatch?.(Math.min(i + batch, todo.length), todo.length);
    }
  } finally {
    await (scorer as Scorer | null)?.dispose();
  }
  return { predicted: todo.length };
}
