import type { DecodedImage } from '@/lib/imaging/types';
import { resolveModelConfig } from '@/lib/models/configs';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import { listResNet50Projects, listScansForFeatures } from '@/server/use-cases/list-feature-warming-work';
import { resolveInputMode } from '@/trainer/data/normalise';
import { inputShape, prepareImage, type PreparedInputSpec } from '@/trainer/data/prepare';
import { resnet50HeadInput } from '@/trainer/models/resnet50';
import { featureCacheKey, type FeatureCache } from '@/trainer/resnet50/feature-cache';
import {
  featurePreprocessing,
  headFeaturesOf,
  isFrozenBackbone,
  sharedBackbone,
} from '@/trainer/resnet50/pooled-features';
import { viewFeatures, viewPreprocessing } from '@/trainer/resnet50/view-features';
import { resnet50WeightsFor } from '@/trainer/resnet50/weights';
import { loadPreviews } from './load-images';
import { projectModelConfig } from './train-project-model';

export interface WarmDeps {
  db: Db;
  storageDir: string;
  featureCache: FeatureCache;
  resnet50Weights?: string;
  log?: Logger;
}

export interface WarmOptions {
  /** Asked between chunks: true stops the pass there (a job wants the CPU). */
  shouldStop?: () => boolean;
  /** Scans per chunk: the longest a job waits for the CPU is one chunk's features. */
  chunk?: number;
  /** Cache keys known to be stored, kept across passes so a later pass reads nothing again. */
  known?: Set<string>;
  /** Each project's resolved input spec, kept across passes so a later pass reads no preview to find it. */
  specs?: Map<string, PreparedInputSpec>;
}

export interface WarmResult {
  /** Scans whose features (every view it needs) were computed now. */
  computed: number;
  /** False when the pass stopped early (shouldStop). */
  complete: boolean;
}

/**
 * Computes, ahead of any job, the frozen ResNet50 features a project's next job will read
 * (docs/ARCHITECTURE.md, "Feature warming"): view 0 of every scan (scoring, and every split of
 * training) and, for a labelled scan, each further view the head trains on. They go to the
 * feature cache under the keys training and scoring use, so the job finds them there.
 *
 * The input mode is resolved the way training resolves it, on the labelled scans' images (the
 * first chunk, labelled scans come first); a project mixing CT with other images may warm
 * features under a mode its job does not use, which then computes its own.
 */
export async function warmProjectFeatures(
  deps: WarmDeps,
  project: { id: string; imageSize: number; resnet50Variant?: string },
  opts: WarmOptions = {},
): Promise<WarmResult> {
  const config = resolveModelConfig(projectModelConfig({ project, kind: 'RESNET50' }));
  if (config.kind !== 'resnet50' || !isFrozenBackbone(config)) return { computed: 0, complete: true };
  const scans = await listScansForFeatures(deps.db, project.id);
  if (scans.length === 0) return { computed: 0, complete: true };
  const known = opts.known ?? new Set<string>();
  const chunk = opts.chunk ?? 32;
  const weights = await resnet50WeightsFor(deps.resnet50Weights);
  const head = resnet50HeadInput[headFeaturesOf(config)];
  const views = config.training.featureViews;
  const load = (of: readonly { previewPath: string }[]) =>
    loadPreviews(
      deps.storageDir,
      of.map((s) => s.previewPath),
    );
  let spec = opts.specs?.get(project.id) ?? null;
  let computed = 0;
  for (let start = 0; start < scans.length; start += chunk) {
    if (opts.shouldStop?.()) return { computed, complete: false };
    const part = scans.slice(start, start + chunk);
    // Read only to resolve the input mode, once per project; then reused for this chunk's misses.
    let partImages: DecodedImage[] | null = null;
    if (!spec) {
      partImages = await load(part);
      const labelled = partImages.filter((_, i) => part[i].labelled);
      const inputMode = resolveInputMode(
        config.preprocessing.inputMode,
        'resnet50',
        labelled.length ? labelled : partImages,
      );
      spec = { imageSize: config.preprocessing.imageSize, inputMode };
      opts.specs?.set(project.id, spec);
    }
    const prepared = spec;
    const keyOf = (hash: string, view: number) =>
      featureCacheKey({
        weightsId: weights.id,
        imageKey: hash,
        preprocessing: viewPreprocessing(featurePreprocessing(prepared), view, config.training.augmentation),
        layer: head.layer,
      });
    const wanted = part.map((s) => Array.from({ length: s.labelled ? views : 1 }, (_, v) => keyOf(s.contentHash, v)));
    // What the cache already holds is remembered, so a later pass reads nothing again.
    for (const keys of wanted)
      for (const key of keys) if (!known.has(key) && (await deps.featureCache.get(key))) known.add(key);
    const missingAt = part.flatMap((_, i) => (wanted[i].some((k) => !known.has(k)) ? [i] : []));
    if (missingAt.length === 0) continue;
    const missing = missingAt.map((i) => part[i]);
    const images = partImages ? missingAt.map((i) => partImages[i]) : await load(missing);
    const backbone = sharedBackbone(weights, prepared.imageSize);
    const network = backbone.toFeatures(headFeaturesOf(config));
    // Labelled scans: every view the head trains on; the others: view 0, all scoring reads.
    for (const labelled of [true, false]) {
      const group = missing.flatMap((s, i) => (s.labelled === labelled ? [i] : []));
      if (group.length === 0) continue;
      await viewFeatures({
        network,
        runner: () => backbone.runnerFor(network),
        source: {
          shape: inputShape(prepared),
          labels: group.map(() => 0),
          get: (i) => prepareImage(images[group[i]], prepared),
        },
        keys: group.map((i) => missing[i].contentHash),
        weightsId: weights.id,
        layer: head.layer,
        preprocessing: featurePreprocessing(prepared),
        cache: deps.featureCache,
        views: labelled ? views : 1,
        augmentation: config.training.augmentation,
      });
    }
    for (const keys of wanted) for (const key of keys) known.add(key);
    computed += missing.length;
  }
  return { computed, complete: true };
}

/** One pass over every project that trains a frozen ResNet50, oldest project first. */
export async function warmAllProjects(deps: WarmDeps, opts: WarmOptions = {}): Promise<WarmResult> {
  let computed = 0;
  for (const project of await listResNet50Projects(deps.db)) {
    const r = await warmProjectFeatures(deps, project, opts);
    computed += r.computed;
    if (!r.complete) return { computed, complete: false };
  }
  return { computed, complete: true };
}
