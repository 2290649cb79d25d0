import { z } from 'zod';
import { majorityOf } from './majority';
import type { Read } from './types';

/**
 * Which label trains the models, in order of precedence:
 *   1. a clinician's adjudication;
 *   2. the Dawid–Skene posterior class, when its probability reaches the threshold;
 *      below it the consensus is low-confidence: excluded, queued for adjudication;
 *   3. without a posterior (Dawid–Skene not run or undefined, e.g. one reader only):
 *      the majority of two or more reads; a tie is excluded and queued;
 *   4. a single read, as it is.
 * A scan with no reads and no adjudication is simply not labelled yet.
 */
export const TrainingLabelOptionsSchema = z.object({
  /** Posterior probability Dawid–Skene needs for its class to train the models. */
  threshold: z.number().gt(0).max(1).default(0.9),
});
export type TrainingLabelOptions = z.input<typeof TrainingLabelOptionsSchema>;

export type TrainingRule = 'adjudicated' | 'dawid-skene' | 'majority' | 'single';
export type ExclusionReason = 'tie' | 'low-confidence' | 'no-reads';

export type TrainingLabel =
  | { status: 'train'; label: string; rule: TrainingRule }
  | { status: 'excluded'; excluded: ExclusionReason; needsAdjudication: boolean };

export interface Posterior {
  label: string;
  confidence: number;
}

export interface TrainingLabelInput {
  reads: readonly Pick<Read, 'reader' | 'label'>[];
  adjudicated?: string;
  posterior?: Posterior;
}

export function chooseTrainingLabel(input: TrainingLabelInput, options: TrainingLabelOptions = {}): TrainingLabel {
  return pick(input, TrainingLabelOptionsSchema.parse(options).threshold);
}

function pick(input: TrainingLabelInput, threshold: number): TrainingLabel {
  if (input.adjudicated !== undefined) return train(input.adjudicated, 'adjudicated');
  if (input.reads.length === 0) return { status: 'excluded', excluded: 'no-reads', needsAdjudication: false };
  if (input.posterior) {
    return input.posterior.confidence >= threshold
      ? train(input.posterior.label, 'dawid-skene')
      : { status: 'excluded', excluded: 'low-confidence', needsAdjudication: true };
  }
  if (input.reads.length === 1) return train(input.reads[0].label, 'single');
  const majority = majorityOf(input.reads.map((r) => r.label));
  return majority.kind === 'winner'
    ? train(majority.label, 'majority')
    : { status: 'excluded', excluded: 'tie', needsAdjudication: true };
}

function train(label: string, rule: TrainingRule): TrainingLabel {
  return { status: 'train', label, rule };
}

/** A scan waiting for a clinician, with the readers' labels side by side. */
export interface AdjudicationQueueEntry {
  item: string;
  reason: ExclusionReason;
  reads: Pick<Read, 'reader' | 'label'>[];
  posterior?: Posterior;
}

export interface TrainingLabels {
  labels: Map<string, TrainingLabel>;
  queue: AdjudicationQueueEntry[];
}

/** The rule above over a whole table of reads (a reader's later read of a scan supersedes an earlier one). */
export function chooseTrainingLabels(
  reads: readonly Read[],
  sources: { adjudications?: ReadonlyMap<string, string>; posteriors?: ReadonlyMap<string, Posterior> },
  options: TrainingLabelOptions = {},
): TrainingLabels {
  const { threshold } = TrainingLabelOptionsSchema.parse(options);
  const byItem = new Map<string, Map<string, string>>();
  for (const { item, reader, label } of reads) {
    (byItem.get(item) ?? byItem.set(item, new Map()).get(item)!).set(reader, label);
  }
  for (const item of sources.adjudications?.keys() ?? []) if (!byItem.has(item)) byItem.set(item, new Map());
  const labels = new Map<string, TrainingLabel>();
  const queue: AdjudicationQueueEntry[] = [];
  for (const [item, readerLabels] of byItem) {
    const itemReads = [...readerLabels].map(([reader, label]) => ({ reader, label }));
    const posterior = sources.posteriors?.get(item);
    const chosen = pick({ reads: itemReads, adjudicated: sources.adjudications?.get(item), posterior }, threshold);
    labels.set(item, chosen);
    if (chosen.status === 'excluded' && chosen.needsAdjudication) {
      queue.push({ item, reason: chosen.excluded, reads: itemReads, ...(posterior ? { posterior } : {}) });
    }
  }
  return { labels, queue };
}
