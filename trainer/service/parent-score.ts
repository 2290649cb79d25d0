import { classificationScores } from '@/lib/metrics/classification';
import { argmaxRows, confusionMatrix } from '@/lib/metrics/confusion-matrix';
import type { Logger } from '@/server/logger';
import type { LabelledImage, TrainingDataset } from '@/trainer/data/types';
import type { Classifier } from '@/trainer/evaluate';
import { createScorer } from '@/trainer/onnx/scorer';
import { isFrozenBackbone } from '@/trainer/resnet50/pooled-features';
import type { TrainedModel } from '@/trainer/train/train-model';

export interface ParentScore {
  /** The active version's macro F1 on the new version's validation scans. */
  macroF1: number;
  examples: number;
}

/**
 * What the promotion gate compares a new version with: its parent (the active version) scored on
 * the new version's own validation scans, so both are judged on the same scans. The F1 the
 * parent recorded when it trained was measured on its own, smaller validation set, at the epoch
 * chosen on that set, which favours it.
 * Validation scans are held out by key (stableHoldout), so the parent never trained on them
 * while the validation settings are unchanged. Null (the gate then reads the recorded F1) when
 * the new version has no held-out scans of its own (a frozen backbone's head is validated by
 * cross-fitting over its training scans, which the parent trained on), when the parent's labels
 * differ, or when a validation scan is missing from the dataset.
 */
export async function scoreParentOnValidation(
  parent: Classifier,
  dataset: TrainingDataset,
  trained: Pick<TrainedModel, 'card' | 'evaluated'>,
  log?: Logger,
): Promise<ParentScore | null> {
  const examples = trained.evaluated.validation;
  if (isFrozenBackbone(trained.card.config) || examples.length === 0) return null;
  const labels = trained.card.labels;
  if (parent.card.labels.length !== labels.length || parent.card.labels.some((l, i) => l !== labels[i])) return null;
  const byKey = new Map<string, LabelledImage>();
  for (const i of [...dataset.train, ...(dataset.validation ?? [])]) byKey.set(i.key, i);
  const images = examples.map((e) => byKey.get(e.key)?.image);
  if (images.some((i) => !i)) return null;
  const scorer = await createScorer(parent, { log });
  try {
    const { probabilities } = await scorer.predict(images as NonNullable<(typeof images)[number]>[]);
    const matrix = confusionMatrix(
      examples.map((e) => e.trueIndex),
      argmaxRows(probabilities),
      labels.length,
    );
    return { macroF1: classificationScores(matrix).macroF1, examples: examples.length };
  } finally {
    await scorer.dispose();
  }
}
