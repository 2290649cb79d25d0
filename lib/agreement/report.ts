import { z } from 'zod';
import { bootstrapRun } from './bootstrap';
import { cohenKappaPairPlans } from './cohen-kappa';
import {
  pairConfusions,
  perClassPlans,
  readerVsConsensus,
  type PairConfusion,
  type ReaderConsensusConfusion,
} from './confusion';
import { dawidSkene, posteriorClass, type DawidSkeneFit } from './dawid-skene';
import { encodeReads, type CodedReads } from './encode';
import { fleissKappaPlan } from './fleiss-kappa';
import { krippendorffAlphaPlan } from './krippendorff-alpha';
import { majorityVote } from './majority';
import { pairableStats } from './pairable';
import { percentAgreementPlan } from './percent-agreement';
import { summarizeTraining, type TrainingSummary } from './training-summary';
import { WeightKindSchema, type DegenerateReason, type Estimate, type Read } from './types';

export const AgreementReportOptionsSchema = z.object({
  /** Category order (needed for weighted kappa); the observed labels sorted otherwise. */
  categories: z.array(z.string().min(1)).min(1).optional(),
  weights: WeightKindSchema.default('none'),
  bootstrap: z.number().int().min(0).default(1000),
  seed: z.number().int().default(1),
  confidence: z.number().gt(0).lt(1).default(0.95),
  /** Dawid–Skene posterior needed to train on a scan (see training-label.ts). */
  threshold: z.number().gt(0).max(1).default(0.9),
  dawidSkene: z
    .object({
      maxIterations: z.number().int().min(1),
      tolerance: z.number().positive(),
      smoothing: z.number().positive(),
    })
    .partial()
    .default({}),
});
export type AgreementReportOptions = z.input<typeof AgreementReportOptionsSchema>;

export type PairEstimate = { reader_a: string; reader_b: string; n_items: number } & Estimate;

export interface ItemPosterior {
  item: string;
  label: string;
  confidence: number;
  probabilities: Record<string, number>;
}

export type DawidSkeneSummary =
  | {
      ok: true;
      reader_accuracy: Record<string, number>;
      class_priors: Record<string, number>;
      posteriors: ItemPosterior[];
      iterations: number;
      converged: boolean;
    }
  | { ok: false; reason: DegenerateReason };

/** Everything the CLI and the app show about agreement on one table of reads. */
export interface AgreementReport {
  counts: { reads: number; items: number; readers: number; pairable_items: number };
  readers: string[];
  categories: string[];
  weights: z.infer<typeof WeightKindSchema>;
  percent_agreement: Estimate;
  cohen_kappa: PairEstimate[];
  fleiss_kappa: Estimate;
  krippendorff_alpha: Estimate;
  per_class: { category: string; specific_agreement: Estimate; alpha: Estimate }[];
  pair_confusion: PairConfusion[];
  consensus: { source: 'dawid-skene' | 'majority'; ties: number; reader_vs_consensus: ReaderConsensusConfusion[] };
  dawid_skene: DawidSkeneSummary;
  training: TrainingSummary;
  /** Bootstrap replicates the intervals come from: fewer than asked when a time budget stopped them. */
  bootstrap: { requested: number; done: number };
}

/** `stop`: asked during the bootstrap; true ends it with the replicates done so far (a time budget). */
export function computeAgreementReport(
  reads: readonly Read[],
  options: AgreementReportOptions = {},
  control: { stop?: () => boolean } = {},
): AgreementReport {
  const opts = AgreementReportOptionsSchema.parse(options);
  const data = encodeReads(reads, { categories: opts.categories });
  const pairs = cohenKappaPairPlans(data, { weights: opts.weights });
  const classes = perClassPlans(data);
  const plans = [
    percentAgreementPlan(data),
    fleissKappaPlan(data),
    krippendorffAlphaPlan(data),
    ...pairs.map((p) => p.plan),
    ...classes.flatMap((c) => [c.specificAgreement, c.alpha]),
  ];
  const { estimates, replicates } = bootstrapRun(plans, data.items.length, {
    stop: control.stop,
    replicates: opts.bootstrap,
    seed: opts.seed,
    confidence: opts.confidence,
  });
  const [percent, fleiss, alpha] = estimates;
  const pairEstimates = estimates.slice(3, 3 + pairs.length);
  const classEstimates = estimates.slice(3 + pairs.length);
  const fit = dawidSkene(data, opts.dawidSkene);
  const majority = majorityVote(data);
  return {
    counts: {
      reads: data.label.length,
      items: data.items.length,
      readers: data.readers.length,
      pairable_items: pairableStats(data).rowItem.length,
    },
    readers: data.readers,
    categories: data.categories,
    weights: opts.weights,
    percent_agreement: percent,
    cohen_kappa: pairs.map((p, i) => ({
      reader_a: p.readerA,
      reader_b: p.readerB,
      n_items: p.nItems,
      ...pairEstimates[i],
    })),
    fleiss_kappa: fleiss,
    krippendorff_alpha: alpha,
    per_class: classes.map((c, i) => ({
      category: c.category,
      specific_agreement: classEstimates[2 * i],
      alpha: classEstimates[2 * i + 1],
    })),
    pair_confusion: pairConfusions(data, pairs),
    consensus: {
      source: fit.ok ? 'dawid-skene' : 'majority',
      ties: majority.ties,
      reader_vs_consensus: readerVsConsensus(data, fit.ok ? argmaxLabels(data, fit.posteriors) : majority.label),
    },
    dawid_skene: summarizeDawidSkene(data, fit),
    training: summarizeTraining(data, fit, opts.threshold),
    bootstrap: { requested: opts.bootstrap, done: replicates },
  };
}

function argmaxLabels(data: CodedReads, posteriors: Float64Array): Int32Array {
  const k = data.categories.length;
  return Int32Array.from(data.items, (_, i) => posteriorClass(posteriors, k, i).label);
}

function summarizeDawidSkene(data: CodedReads, fit: DawidSkeneFit): DawidSkeneSummary {
  if (!fit.ok) return fit;
  const k = data.categories.length;
  const byCategory = (values: ArrayLike<number>, offset = 0) =>
    Object.fromEntries(data.categories.map((c, j) => [c, values[offset + j]]));
  return {
    ok: true,
    reader_accuracy: Object.fromEntries(data.readers.map((r, i) => [r, fit.readerAccuracy[i]])),
    class_priors: byCategory(fit.classPriors),
    posteriors: data.items.map((item, i) => {
      const { label, confidence } = posteriorClass(fit.posteriors, k, i);
      return { item, label: data.categories[label], confidence, probabilities: byCategory(fit.posteriors, i * k) };
    }),
    iterations: fit.iterations,
    converged: fit.converged,
  };
}
