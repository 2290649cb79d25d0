import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { defaultImageSizes, resolveModelConfig, type ModelConfigInput } from '@/lib/models/configs';
import type { ModelVersionMetrics } from '@/lib/registry/model-metrics';
import type { ModelKind } from '@/lib/schemas/project';
import type { Db } from '@/server/db/client';
import type { Logger } from '@/server/logger';
import { listActiveModelVersions } from '@/server/use-cases/list-active-model-versions';
import { listScansByContentHash } from '@/server/use-cases/list-scans-by-content-hash';
import { nextModelVersionNumber, registerModelVersion } from '@/server/use-cases/register-model-version';
import { saveEvaluatedScans, type EvaluatedScanInput } from '@/server/use-cases/save-evaluated-scans';
import type { BackendChoice } from '@/trainer/backend/choose-backend';
import { loadArtifact, saveArtifact } from '@/trainer/artifacts';
import type { TrainingDataset } from '@/trainer/data/types';
import type { FeatureCache } from '@/trainer/resnet50/feature-cache';
import { trainModel, type TrainedModel } from '@/trainer/train/train-model';
import type { ProgressCallback } from '@/trainer/train/types';
import { isFrozenBackbone } from '@/trainer/resnet50/pooled-features';
import { toFamilyKind } from './kinds';
import { scoreParentOnValidation, type ParentScore } from './parent-score';

export interface TrainProjectModelArgs {
  /** resnet50Variant: the project's choice for the RESNET50 kind (default: the kind's default variant). */
  project: { id: string; imageSize: number; resnet50Variant?: string };
  kind: ModelKind;
  dataset: TrainingDataset;
  labelSnapshotId: string;
  trainingJobId: string | null;
  overrides?: { epochs?: number; imageSize?: number };
}

export interface TrainerDeps {
  db: Db;
  log: Logger;
  storageDir: string;
  backend: BackendChoice;
  featureCache: FeatureCache;
  resnet50Weights?: string;
  /** Called whenever work advances (a batch, a file of features, a stage): the watchdog's heartbeat. */
  beat?: (stage: string) => void;
}

/**
 * What a project trains for one model kind: its input size, its ResNet50 variant, any overrides.
 * The project's image size is that of the kinds trained from scratch; ResNet50 reads the size its
 * ImageNet weights were trained at (defaultImageSizes: 224 px) unless an override says otherwise.
 */
export function projectModelConfig(
  args: Pick<TrainProjectModelArgs, 'project' | 'kind' | 'overrides'>,
): ModelConfigInput {
  const kind = toFamilyKind(args.kind);
  return {
    kind,
    ...(kind === 'resnet50' && args.project.resnet50Variant ? { variant: args.project.resnet50Variant } : {}),
    preprocessing: {
      imageSize:
        args.overrides?.imageSize ?? (kind === 'resnet50' ? defaultImageSizes.resnet50 : args.project.imageSize),
    },
    // A cap applies to both phases of resnet50 (head, then stage-5 fine-tuning).
    ...(args.overrides?.epochs
      ? {
          training: {
            epochs: args.overrides.epochs,
            fineTune: { epochs: Math.min(10, args.overrides.epochs), learningRate: 1e-4 },
          },
        }
      : {}),
  };
}

/**
 * Trains one model kind on a project's labels, saves the tfjs artifact under the storage
 * directory, records the ModelVersion and applies the promotion gate. Warm-starts from the
 * active version when its architecture is unchanged.
 */
export async function trainProjectModel(deps: TrainerDeps, args: TrainProjectModelArgs, onProgress?: ProgressCallback) {
  const configInput = projectModelConfig(args);
  const config = resolveModelConfig(configInput);
  const [parent] = await listActiveModelVersions(deps.db, args.project.id, args.kind);
  // The active version: the warm start's weights (same architecture) and what the gate compares
  // with (a kind with held-out scans of its own); loaded only when it is one or the other.
  const warmable = parent !== undefined && sameArchitecture(parent.hyperParams, config.architecture);
  const parentClassifier =
    parent?.artifactPath && (warmable || !isFrozenBackbone(config))
      ? await loadArtifact(path.resolve(deps.storageDir, parent.artifactPath)).catch(() => null)
      : null;
  const warmStart: tf.LayersModel | undefined = parentClassifier && warmable ? parentClassifier.model : undefined;
  let trained: TrainedModel;
  let parentScore: ParentScore | null = null;
  try {
    trained = await trainModel(
      args.dataset,
      {
        config: configInput,
        backend: deps.backend,
        warmStart,
        featureCache: deps.featureCache,
        resnet50Weights: deps.resnet50Weights,
        onFeatures: () => deps.beat?.(`${args.kind.toLowerCase()} features`),
      },
      onProgress,
    );
    if (parentClassifier) {
      deps.beat?.(`${args.kind.toLowerCase()} gate`);
      parentScore = await scoreParentOnValidation(parentClassifier, args.dataset, trained, deps.log).catch(
        (err: Error) => {
          deps.log.warn({ err: err.message }, 'could not score the active version on the new validation scans');
          return null;
        },
      );
    }
  } finally {
    parentClassifier?.model.dispose();
  }
  try {
    const version = await nextModelVersionNumber(deps.db, args.project.id, args.kind);
    const artifactPath = path.join('models', args.project.id, `${args.kind.toLowerCase()}-v${version}`);
    await saveArtifact(trained.model, path.resolve(deps.storageDir, artifactPath), trained.card);
    const last = trained.history.at(-1);
    const metrics: ModelVersionMetrics = {
      validation: trained.metrics.validation,
      test: trained.metrics.test ?? null,
      history: trained.history,
      trainImagesPerSecond: last?.imagesPerSecond ?? null,
      inferImagesPerSecond: null,
      ...(parentScore && parent
        ? { gate: { versionId: parent.id, version: parent.version, macroF1: parentScore.macroF1 } }
        : {}),
    };
    const { version: row, decision } = await registerModelVersion(deps.db, {
      projectId: args.project.id,
      kind: args.kind,
      version,
      backend: `${trained.backend.name}${trained.backend.threads > 1 ? ` (${trained.backend.threads} threads)` : ''}`,
      hyperParams: trained.card.config,
      metrics,
      labelCount: args.dataset.train.length + (args.dataset.validation?.length ?? 0),
      labelSnapshotId: args.labelSnapshotId,
      trainingTimeMs: Math.round(trained.timings.totalMs),
      artifactPath,
      parentId: warmStart ? (parent?.id ?? null) : null,
      trainingJobId: args.trainingJobId,
    });
    await saveEvaluatedScans(deps.db, row.id, await evaluatedScansOf(deps.db, args.project.id, args.dataset, trained));
    deps.log.info(
      {
        kind: args.kind,
        version,
        macroF1: metrics.validation.macroF1,
        activeMacroF1OnTheseScans: parentScore?.macroF1,
        promoted: decision.promote,
        reason: decision.reason,
      },
      'model version registered',
    );
    return { version: row, decision, parentScore, classifier: { model: trained.model, card: trained.card } };
  } catch (e) {
    trained.model.dispose();
    throw e;
  }
}

/**
 * Whether a stored version's hyper-parameters name this architecture. They come back from a
 * JSON column, whose objects need not keep their keys in the order they were written.
 */
export function sameArchitecture(storedHyperParams: unknown, architecture: object): boolean {
  const stored = (storedHyperParams as { architecture?: unknown } | null)?.architecture;
  return isDeepStrictEqual(stored, JSON.parse(JSON.stringify(architecture)));
}

/** The held-out examples as scans (a project's examples are keyed by the scan's content hash). */
async function evaluatedScansOf(
  db: Db,
  projectId: string,
  dataset: TrainingDataset,
  trained: Pick<TrainedModel, 'evaluated'>,
): Promise<EvaluatedScanInput[]> {
  const { validation, test } = trained.evaluated;
  const keys = [...validation, ...test].map((e) => e.key);
  const scans = await listScansByContentHash(db, projectId, keys);
  const idOf = new Map(scans.map((s) => [s.contentHash, s.id]));
  const rows = (split: EvaluatedScanInput['split'], examples: typeof validation): EvaluatedScanInput[] =>
    examples.flatMap((e) => {
      const scanId = idOf.get(e.key);
      const trueLabel = dataset.labels[e.trueIndex];
      const predictedLabel = dataset.labels[e.predictedIndex];
      return scanId && trueLabel && predictedLabel ? [{ scanId, split, trueLabel, predictedLabel }] : [];
    });
  return [...rows('VALIDATION', validation), ...rows('TEST', test)];
}
