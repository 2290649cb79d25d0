import type { DecodedImage } from '@/lib/imaging/types';
import { mutualInformation } from '@/lib/strategies/uncertainty';
import type { Db } from '@/server/db/client';
import { listPredictedScanIds, savePredictions } from '@/server/use-cases/save-predictions';
import type { Classifier } from '@/trainer/evaluate';
import type { Logger } from '@/server/logger';
import { createScorer, type Scorer } from '@/trainer/onnx/scorer';
import { predictProbabilitiesFromEmbeddings, type PreparedMemo } from '@/trainer/predict';
import { frozenBackboneFeatures } from '@/trainer/resnet50/pooled-features';
import type { FeatureCache } from '@/trainer/resnet50/feature-cache';
import { writeEmbeddings } from '@/server/storage/embedding-store';
import { loadPreviews } from './load-images';

/** MC-dropout passes stored with every prediction (the head alone: cheap), for BALD. */
export const MC_DROPOUT_PASSES = 8;

export interface ScoringVersion {
  id: string;
  classifier: Classifier;
}

type ScanToScore = { id: string; previewPath: string; contentHash?: string };

export interface PredictScansResult {
  /** Scans each version scored now (by version id). */
  predicted: Record<string, number>;
  /** Time each version spent scoring, and waiting for its predictions to be stored (by version id). */
  msByVersion: Record<string, number>;
  /** Time spent reading previews that no version's work overlapped, shared by every version. */
  loadMs: number;
}

/**
 * Has model versions predict the given scans they have not predicted yet (scores from a
 * version are computed once), storing probabilities, MC-dropout samples with their mutual
 * information (BALD's score, so ranking reads it instead of recomputing it) and embeddings.
 * The versions go through the scans together, batch by batch: each preview is read once, each
 * input size and mode is prepared once for every version that reads it, and the next batch is
 * read while this one is scored.
 */
export async function predictScans(
  deps: { db: Db; storageDir: string; featureCache?: FeatureCache; log?: Logger },
  versions: readonly ScoringVersion[],
  scans: readonly ScanToScore[],
  opts: { batch?: number; onBatch?: (done: number, total: number) => void } = {},
): Promise<PredictScansResult> {
  const ids = scans.map((s) => s.id);
  const todo = await Promise.all(
    versions.map(async (v) => {
      const done = await listPredictedScanIds(deps.db, v.id, ids);
      return new Set(ids.filter((id) => !done.has(id)));
    }),
  );
  const union = scans.filter((s) => todo.some((t) => t.has(s.id)));
  const result: PredictScansResult = {
    predicted: Object.fromEntries(versions.map((v, k) => [v.id, todo[k].size])),
    msByVersion: Object.fromEntries(versions.map((v) => [v.id, 0])),
    loadMs: 0,
  };
  const batch = opts.batch ?? 256;
  const load = (start: number) =>
    loadPreviews(
      deps.storageDir,
      union.slice(start, start + batch).map((s) => s.previewPath),
    );
  // Made on the first batch that needs the whole network (a cached-feature head never does).
  const scorers: (Scorer | null)[] = versions.map(() => null);
  // Each version's last batch, being stored while the next one is scored (at most one per version).
  const storing: (Promise<void> | null)[] = versions.map(() => null);
  try {
    let next = union.length > 0 ? load(0) : null;
    for (let i = 0; i < union.length; i += batch) {
      const waited = performance.now();
      const images = await next!;
      result.loadMs += performance.now() - waited;
      next = i + batch < union.length ? load(i + batch) : null;
      // Handled here too: a read that fails while this batch is scored must not go unhandled.
      next?.catch(() => undefined);
      const part = union.slice(i, i + batch);
      const memo: PreparedMemo = new WeakMap();
      for (const [k, version] of versions.entries()) {
        const started = performance.now();
        const mine = part.flatMap((s, j) => (todo[k].has(s.id) ? [{ scan: s, image: images[j] }] : []));
        if (mine.length > 0) {
          const scored = await scoreBatch(deps, version, mine, scorers[k], memo, i / batch);
          scorers[k] = scored.scorer;
          const previous = storing[k];
          storing[k] = scored.stored;
          await previous;
        }
        result.msByVersion[version.id] += performance.now() - started;
      }
      opts.onBatch?.(Math.min(i + batch, union.length), union.length);
    }
    for (const [k, version] of versions.entries()) {
      const started = performance.now();
      await storing[k];
      result.msByVersion[version.id] += performance.now() - started;
    }
  } finally {
    await Promise.allSettled(storing);
    for (const s of scorers) await s?.dispose();
  }
  for (const v of versions) result.msByVersion[v.id] = Math.round(result.msByVersion[v.id]);
  result.loadMs = Math.round(result.loadMs);
  return result;
}

/**
 * One version's predictions of one batch: returns its scorer (made when first needed) and the
 * storing of the predictions, which goes on while the caller scores the next batch.
 */
async function scoreBatch(
  deps: { db: Db; storageDir: string; featureCache?: FeatureCache; log?: Logger },
  version: ScoringVersion,
  part: { scan: ScanToScore; image: DecodedImage }[],
  scorer: Scorer | null,
  memo: PreparedMemo,
  batchIndex: number,
): Promise<{ scorer: Scorer | null; stored: Promise<void> }> {
  const images = part.map((p) => p.image);
  const predictOpts = { mcDropoutPasses: MC_DROPOUT_PASSES, embeddings: true, seed: batchIndex, prepared: memo };
  // A frozen backbone's features are cached per scan (training computed most of them): only the head runs.
  const keyed =
    deps.featureCache && part.every((p) => p.scan.contentHash)
      ? part.map((p) => ({ image: p.image, key: p.scan.contentHash! }))
      : null;
  const features = keyed && (await frozenBackboneFeatures(version.classifier.card, keyed, deps.featureCache!));
  if (!features) scorer ??= await createScorer(version.classifier, { log: deps.log });
  const out = features
    ? predictProbabilitiesFromEmbeddings(version.classifier, features, predictOpts)
    : await scorer!.predict(images, predictOpts);
  const scratch = new Float64Array(out.probabilities[0]?.length ?? 0);
  const information = part.map((_, k) => {
    const mcSamples = out.mcSamples?.[k];
    return mcSamples && mutualInformation(mcSamples, scratch);
  });
  const stored = (async () => {
    const refs = await writeEmbeddings(
      deps.storageDir,
      `embeddings/${version.id}/${batchIndex}.f32`,
      out.embeddings ?? [],
    );
    await savePredictions(
      deps.db,
      version.id,
      part.map((p, k) => ({
        scanId: p.scan.id,
        probabilities: out.probabilities[k],
        mcSamples: out.mcSamples?.[k],
        mutualInformation: information[k],
        embeddingRef: refs[k],
      })),
    );
  })();
  // Awaited by the caller; handled here too, so that a write failing before then is not unhandled.
  stored.catch(() => undefined);
  return { scorer, stored };
}
