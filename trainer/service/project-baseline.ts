import { defaultImageSizes } from '@/lib/models/configs';
import { fitStandardisedLogistic, standardisedLogits } from '@/lib/learn/choose-l2';
import { stratifiedKFold, stratifiedSample } from '@/lib/learn/splits';
import { buildClassificationReport } from '@/lib/metrics/report';
import { guessNormalLabels } from '@/lib/metrics/lesion';
import { createRng } from '@/lib/random';
import type { JobBaseline } from '@/lib/registry/job-baseline';
import { baselineInnerFolds } from '@/trainer/compare/run-baseline';
import { frozenFeatures } from '@/trainer/compare/frozen-features';
import type { TrainingDataset } from '@/trainer/data/types';
import type { TrainerDeps } from './train-project-model';

/** Fewest scans of every class the baseline needs (its inner folds each hold one out). */
export const BASELINE_MIN_PER_CLASS = 2;

/**
 * Scans the baseline learns from, and is scored on, at most (a stratified sample beyond): the
 * first job of a large project computes every feature once, about 6 scans a second at 224 px on
 * two cores, and a job must not run for hours on a figure shown for comparison.
 */
export const BASELINE_MAX_SCANS = 2_000;

/**
 * A training job's baseline (lib/registry/job-baseline.ts) on the job's own dataset, or a
 * reason it has none (a class with fewer than BASELINE_MIN_PER_CLASS scans). Features go
 * through the trainer's feature cache, so a scan's are computed once across jobs; beyond
 * BASELINE_MAX_SCANS, a stratified sample.
 */
export async function computeProjectBaseline(
  deps: Pick<TrainerDeps, 'backend' | 'featureCache' | 'resnet50Weights' | 'beat'>,
  dataset: TrainingDataset,
  seed = 42,
): Promise<{ baseline: JobBaseline } | { skipped: string }> {
  const rng = createRng(seed ^ 0xba5e);
  const train = stratifiedSample(
    [...dataset.train, ...(dataset.validation ?? [])],
    (d) => d.label,
    BASELINE_MAX_SCANS,
    rng,
  );
  const k = dataset.labels.length;
  const counts = new Array<number>(k).fill(0);
  for (const d of train) counts[d.label]++;
  const present = counts.filter((c) => c > 0);
  const fewest = Math.min(...present);
  if (present.length < 2 || fewest < BASELINE_MIN_PER_CLASS)
    return { skipped: `a class has ${fewest} labelled scan(s); the baseline needs ${BASELINE_MIN_PER_CLASS} of each` };
  const test = stratifiedSample(dataset.test ?? [], (d) => d.label, BASELINE_MAX_SCANS, rng);
  const imageSize = defaultImageSizes.resnet50;
  const t0 = performance.now();
  const features = await frozenFeatures([...train, ...test], {
    imageSize,
    cache: deps.featureCache,
    weightsSource: deps.resnet50Weights,
    onBatch: () => deps.beat?.('baseline features'),
  });
  const t1 = performance.now();
  const y = train.map((d) => d.label);
  const inner = stratifiedKFold(y, Math.min(baselineInnerFolds, fewest), rng);
  const fitted = fitStandardisedLogistic(features.slice(0, train.length), y, k, inner);
  const fitSeconds = (performance.now() - t1) / 1000;
  const normalLabels = dataset.normalLabels ?? guessNormalLabels(dataset.labels);
  const onTest = test.length > 0;
  const logits = onTest ? standardisedLogits(fitted, features.slice(train.length)) : fitted.outOfFold;
  if (logits.some((z) => z === null))
    throw new Error('the baseline left a training scan without a held-out prediction');
  const report = buildClassificationReport({
    labels: dataset.labels,
    normalLabels,
    yTrue: onTest ? test.map((d) => d.label) : y,
    logits: logits as number[][],
    temperature: 1,
  });
  return {
    baseline: {
      split: onTest ? 'test' : 'validation',
      report,
      l2: fitted.choice.l2,
      trainCount: train.length,
      imageSize,
      featureSeconds: (t1 - t0) / 1000,
      fitSeconds,
      backend: `${deps.backend.name}${deps.backend.threads > 1 ? ` (${deps.backend.threads} threads)` : ''}`,
    },
  };
}
