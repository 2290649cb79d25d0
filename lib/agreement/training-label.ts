import { z } from 'zod';
import { majorityOf } from './majority';
import type { Read } from './types';

/**
 * Which label trains the models, in order of precedence:
 *   1. a clinician's adjudication;
 *   2. with at least three human reads, the Dawid–Skene posterior class when its
 *      probability reaches the threshold; below it the consensus is low-confidence:
 *      excluded, queued for adjudication;
 *   3. otherwise (fewer than three reads, or no posterior): the majority of two or more
 *      reads; a tie (two readers who disagree) is excluded and queued;
 *   4. a single read, as it is;
 *   5. with no human read, the label the dataset came with (a prior, never a read).
 * A scan with no reads, no prior and no adjudication is simply not labelled yet.
 */
const TrainingLabelOptionsSchema = z.object({
  /** Posterior probability Dawid–Skene needs for its class to train the models. */
  threshold: z.number().gt(0).max(1).default(0.9),
});
export type TrainingLabelOptions = z.input<typeof TrainingLabelOptionsSchema>;

export type TrainingRule = 'adjudicated' | 'dawid-skene' | 'majority' | 'single' | 'prior';

/** Dawid–Skene may settle a scan only when at least this many humans read it. */
export const MIN_READS_FOR_POSTERIOR = 3;
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
  /** The label the scan was imported with: used only when no human has read it. */
  prior?: string;
}

export function chooseTrainingLabel(input: TrainingLabelInput, options: TrainingLabelOptions = {}): TrainingLabel {
  return pick(input, TrainingLabelOptionsSchema.parse(options).threshold);
}

function pick(input: TrainingLabelInput, threshold: number): TrainingLabel {
  if (input.adjudicated !== undefined) return train(input.adjudicated, 'adjudicated');
  if (input.reads.length === 0) {
    return input.prior !== undefined
      ? train(input.prior, 'prior')
      : { status: 'excluded', excluded: 'no-reads', needsAdjudication: false };
  }
  if (input.posterior && input.reads.length >= MIN_READS_FOR_POSTERIOR) {
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
  sources: {
    adjudications?: ReadonlyMap<string, string>;
    posteriors?: ReadonlyMap<string, Posterior>;
    /** Imported labels per scan: a prior, not a reader. */
    priors?: ReadonlyMap<string, string>;
  },
  options: TrainingLabelOptions = {},
): TrainingLabels {
  const { threshold } = TrainingLabelOptionsSchema.parse(options);
  const byItem = new Map<string, Map<string, string>>();
  for (const { item, reader, label } of reads) {
    (byItem.get(item) ?? byItem.set(item, new Map()).get(item)!).set(reader, label);
  }
  for (const item of sources.adjudications?.keys() ?? []) if (!byItem.has(item)) byItem.set(item, new Map());
  for (const item of sources.priors?.keys() ?? []) if (!byItem.has(item)) byItem.set(item, new Map());
  const labels = new Map<string, TrainingLabel>();
  const queue: AdjudicationQueueEntry[] = [];
  for (const [item, readerLabels] of byItem) {
    const itemReads = [...readerLabels].map(([reader, label]) => ({ reader, label }));
    const posterior = sources.posteriors?.get(item);
    const chosen = pick(
      { reads: itemReads, adjudicated: sources.adjudications?.get(item), posterior, prior: sources.priors?.get(item) },
      threshold,
    );
    labels.set(item, chosen);
    if (chosen.status === 'excluded' && chosen.needsAdjudication) {
      queue.push({ item, reason: chosen.excluded, reads: itemReads, ...(posterior ? { posterior } : {}) });
    }
  }
  return { labels, queue };
}
