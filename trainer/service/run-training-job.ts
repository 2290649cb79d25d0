import path from 'node:path';
import { AppError } from '@/lib/errors/app-error';
import type { ModelKind } from '@/lib/schemas/project';
import { getStrategyOrThrow } from '@/lib/strategies';
import { notifyEvent } from '@/server/events/notify';
import type { SqlPool } from '@/server/store/handle';
import { listActiveModelVersions } from '@/server/use-cases/list-active-model-versions';
import { listTrainingScans } from '@/server/use-cases/list-training-scans';
import { listScansNeedingReads } from '@/server/use-cases/list-scans-needing-reads';
import { rankReviewQueue, rankSuspectedErrors } from '@/server/use-cases/rank-review-queue';
import { replaceQueue } from '@/server/use-cases/replace-queue';
import {
  markTrainingJobRunning,
  markTrainingJobSucceeded,
  recordTrainingJobBaseline,
  recordTrainingProgress,
} from '@/server/use-cases/update-training-job';
import { resolveModelConfig } from '@/lib/models/configs';
import { loadArtifact } from '@/trainer/artifacts';
import { isFrozenBackbone } from '@/trainer/resnet50/pooled-features';
import type { TrainingDataset } from '@/trainer/data/types';
import type { TrainingProgress } from '@/trainer/train/types';
import type { EpochPoint } from '@/lib/dashboard/training-jobs';
import type { ProjectEvent } from '@/lib/events/project-event';
import { buildDataset } from './build-dataset';
import { predictScans } from './predict-scans';
import { computeProjectBaseline } from './project-baseline';
import { projectModelConfig, trainProjectModel, type TrainerDeps } from './train-project-model';

/** A job's event before the job's id is added to it. */
type WithoutJob<E> = E extends unknown ? Omit<E, 'trainingJobId'> : never;

export interface JobDeps extends TrainerDeps {
  pool: SqlPool;
  workerId: string;
  /** Smallest number of labelled training scans worth training on. */
  minTrainingScans?: number;
  /** Caps the epochs of every model (config TRAIN_MAX_EPOCHS). */
  maxEpochs?: number;
  /** Measures the job's baseline once the new ranking is out (config TRAIN_BASELINE; default off). */
  baseline?: boolean;
}

/**
 * One training job: freeze the labels, train every enabled model kind, score the scans that
 * still need reads with the active versions, and re-rank the queues. Progress is stored on
 * the job and NOTIFYed to the app servers, which push it to everyone on the project.
 */
export interface StageTimings {
  snapshotMs: number;
  loadMs: number;
  trainMs: Record<string, number>;
  predictMs: number;
  /** Scoring time of each kind's active version (they score together, batch by batch). */
  predictByKindMs: Record<string, number>;
  /** Time scoring waited for previews, which every kind shares (predictMs is this, the kinds' and the lookups). */
  predictLoadMs: number;
  rankMs: number;
  publishMs: number;
  /** The baseline, after the ranking is published (absent when the job measures none). */
  baselineMs?: number;
  /**
   * A first ranking published before kinds that train from scratch (see `runTrainingJob`): the
   * kinds that had trained, its scoring and ranking times, and when it was out (ms from the start).
   */
  firstRanking?: { kinds: string[]; predictMs: number; rankMs: number; atMs: number };
}

export async function runTrainingJob(
  deps: JobDeps,
  trainingJobId: string,
): Promise<{ versions: string[]; ranked: number; timings: StageTimings }> {
  const timings: StageTimings = {
    snapshotMs: 0,
    loadMs: 0,
    trainMs: {},
    predictMs: 0,
    predictByKindMs: {},
    predictLoadMs: 0,
    rankMs: 0,
    publishMs: 0,
  };
  const jobStarted = performance.now();
  let t = jobStarted;
  const lap = (next?: string) => {
    if (next) deps.beat?.(next);
    const now = performance.now();
    const ms = Math.round(now - t);
    t = now;
    return ms;
  };
  const job = await markTrainingJobRunning(deps.db, trainingJobId, deps.workerId);
  const project = job.project;
  const emit = (event: WithoutJob<ProjectEvent>) =>
    notifyEvent(deps.pool, { projectId: project.id, event: { ...event, trainingJobId } as ProjectEvent }).catch(
      (err: unknown) => deps.log.warn({ err }, 'notify failed'),
    );
  await emit({ type: 'training.started', attempt: job.attempts });

  const { scans, snapshot, adjudicationQueue } = await listTrainingScans(deps.db, project);
  const trainable = scans.filter((s) => s.split !== 'TEST');
  const classes = new Set(trainable.map((s) => s.label));
  if (trainable.length < (deps.minTrainingScans ?? 8) || classes.size < 2) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `Not enough labels to train: ${trainable.length} labelled scans in ${classes.size} classes (need ${deps.minTrainingScans ?? 8} in at least 2).`,
    });
  }
  // A project stored with a name the registry lacks fails now, not after every model has trained.
  getStrategyOrThrow(project.strategy);
  timings.snapshotMs = lap('loading scans');
  const dataset = await buildDataset(deps.storageDir, project, scans);
  timings.loadMs = lap('training');

  let lastWrite = 0;
  // The order the kinds train in (the progress bar's steps follow it).
  const kinds = trainingOrder(project);
  const fitted = fittedKinds(project);
  // Each finished epoch (it reports its validation loss), per kind: the dashboard's loss chart.
  const curves: Record<string, EpochPoint[]> = {};
  const progress = (kind: ModelKind) => (p: TrainingProgress) => {
    deps.beat?.(`${kind.toLowerCase()} ${p.phase}`);
    const epochEnd = p.metrics !== undefined && 'valLoss' in p.metrics;
    if (epochEnd && p.epoch !== undefined) {
      (curves[kind] ??= []).push({
        phase: p.phase,
        epoch: p.epoch,
        loss: Number.isFinite(p.loss) ? (p.loss ?? null) : null,
        valLoss: p.metrics?.valLoss ?? null,
      });
    }
    const now = Date.now();
    if (now - lastWrite < 1000 && p.batch !== p.batches && !epochEnd) return; // at most one write a second
    lastWrite = now;
    const payload = { ...p, kind, kinds, fitted, curves };
    void recordTrainingProgress(deps.db, trainingJobId, payload).catch(() => {});
    void emit({ type: 'training.progress', ...payload });
  };

  const labelled = trainable.map((s) => ({ id: s.id, previewPath: s.previewPath, contentHash: s.contentHash }));
  /** Scores what still needs reads (and labelled scans, for suspected errors) with the active versions, then ranks. */
  const scoreAndRank = async (phase: 'scoring' | 'first ranking', kind?: ModelKind) => {
    const t0 = performance.now();
    const active = await listActiveModelVersions(deps.db, project.id);
    const needing = await listScansNeedingReads(deps.db, project);
    const scoring = active.filter((v) => v.artifactPath);
    const classifiers = await Promise.all(
      scoring.map((v) => loadArtifact(path.resolve(deps.storageDir, v.artifactPath!))),
    );
    try {
      const scored = await predictScans(
        deps,
        scoring.map((v, k) => ({ id: v.id, classifier: classifiers[k] })),
        [...needing, ...labelled],
        {
          onBatch: (done, total) => {
            deps.beat?.('scoring');
            const progress = { phase, ...(kind ? { kind } : {}), batch: done, batches: total, kinds, fitted, curves };
            void recordTrainingProgress(deps.db, trainingJobId, progress).catch(() => {});
            void emit({ type: 'training.progress', ...progress });
          },
        },
      );
      // A version scores once: what a first ranking scored, the final one does not score again.
      for (const v of scoring)
        timings.predictByKindMs[v.kind] = (timings.predictByKindMs[v.kind] ?? 0) + scored.msByVersion[v.id];
      timings.predictLoadMs += scored.loadMs;
    } finally {
      for (const c of classifiers) c.model.dispose();
    }
    const t1 = performance.now();
    deps.beat?.('ranking');
    const ranking = await rankReviewQueue(deps.db, deps.storageDir, project);
    return { active, ranking, predictMs: Math.round(t1 - t0), rankMs: Math.round(performance.now() - t1) };
  };
  const publish = (r: Awaited<ReturnType<typeof scoreAndRank>>, pending: ModelKind[]) =>
    emit({
      type: 'queue.updated',
      generation: r.ranking.generation,
      top: r.ranking.top.map((x) => x.scanId),
      versions: r.active.map((v) => ({ kind: v.kind, version: v.version })),
      pending,
    });

  const versions: string[] = [];
  // A kind that needs no epochs (a frozen ResNet50's head on cached features) trains first. While
  // kinds with no active version are still to train (from scratch: minutes), the ranking by what
  // has trained and been promoted goes out first; the final ranking follows with every kind.
  const activeBefore = await listActiveModelVersions(deps.db, project.id);
  const cold = new Set(kinds.filter((k) => !activeBefore.some((v) => v.kind === k)));
  let promoted = 0;
  for (const [i, kind] of kinds.entries()) {
    const trained = await trainProjectModel(
      deps,
      { project, kind, dataset, labelSnapshotId: snapshot.id, trainingJobId, overrides: { epochs: deps.maxEpochs } },
      progress(kind),
    );
    versions.push(trained.version.id);
    trained.classifier.model.dispose();
    timings.trainMs[kind] = lap(`trained ${kind.toLowerCase()}`);
    await emit({
      type: 'training.model',
      kind,
      versionId: trained.version.id,
      version: trained.version.version,
      promoted: trained.decision.promote,
      macroF1: (trained.version.metrics as { validation: { macroF1: number } }).validation.macroF1,
    });
    if (trained.decision.promote) promoted += 1;
    const pending = kinds.slice(i + 1);
    if (promoted > 0 && !timings.firstRanking && pending.some((k) => cold.has(k))) {
      const first = await scoreAndRank('first ranking', kind);
      await publish(first, pending);
      timings.firstRanking = {
        kinds: kinds.slice(0, i + 1),
        predictMs: first.predictMs,
        rankMs: first.rankMs,
        atMs: Math.round(performance.now() - jobStarted),
      };
      lap('training');
    }
  }

  const final = await scoreAndRank('scoring');
  timings.predictMs = final.predictMs;
  await rankSuspectedErrors(
    deps.db,
    deps.storageDir,
    project,
    trainable.map((s) => ({ scanId: s.id, label: s.label })),
  );
  await replaceQueue(deps.db, {
    projectId: project.id,
    queue: 'ADJUDICATION',
    strategy: 'consensus-rule',
    entries: adjudicationQueue.map((q, i) => ({
      scanId: q.item,
      rank: i + 1,
      score: q.posterior?.confidence ?? null,
      reason: q.reason === 'tie' ? 'Readers are tied' : 'Consensus below the confidence threshold',
    })),
  });
  timings.rankMs = lap('publishing') - final.predictMs;
  // Published before the job counts as done: SUCCEEDED means every client has been told.
  await publish(final, []);
  timings.publishMs = lap(deps.baseline ? 'baseline' : undefined);
  if (deps.baseline) {
    await measureBaseline(deps, trainingJobId, dataset);
    timings.baselineMs = lap();
  }
  await markTrainingJobSucceeded(deps.db, trainingJobId);
  await emit({ type: 'training.finished', versions, timings: { ...timings } });
  return { versions, ranked: final.ranking.ranked, timings };
}

/**
 * The order a job trains a project's kinds in: the project's, except that a kind needing no
 * epochs (a frozen ResNet50, whose head is fitted exactly on cached features) goes first.
 */
export function trainingOrder(project: ProjectKinds) {
  const kinds = project.modelKinds as ModelKind[];
  const fitted = new Set(fittedKinds(project));
  return [...kinds.filter((k) => fitted.has(k)), ...kinds.filter((k) => !fitted.has(k))];
}

type ProjectKinds = { id: string; imageSize: number; resnet50Variant?: string; modelKinds: string[] };

/** The project's kinds fitted without epochs: a frozen ResNet50, whose head is fitted exactly on cached features. */
export function fittedKinds(project: ProjectKinds): ModelKind[] {
  return (project.modelKinds as ModelKind[]).filter(
    (kind) => kind === 'RESNET50' && isFrozenBackbone(resolveModelConfig(projectModelConfig({ project, kind }))),
  );
}

/**
 * The job's baseline (computeProjectBaseline), stored on the job. Measured after the ranking is
 * published, so that no reader waits for it; a baseline that cannot be measured is logged and
 * the job still succeeds (its models are trained and ranked).
 */
async function measureBaseline(deps: JobDeps, trainingJobId: string, dataset: TrainingDataset): Promise<void> {
  try {
    const outcome = await computeProjectBaseline(deps, dataset);
    if ('skipped' in outcome) {
      deps.log.info({ trainingJobId, reason: outcome.skipped }, 'no baseline for this job');
      return;
    }
    await recordTrainingJobBaseline(deps.db, trainingJobId, outcome.baseline);
    deps.log.info(
      { trainingJobId, split: outcome.baseline.split, macroF1: outcome.baseline.report.macroF1 },
      'baseline measured',
    );
  } catch (err) {
    deps.log.warn({ err, trainingJobId }, 'baseline failed; the job keeps its models');
  }
}
