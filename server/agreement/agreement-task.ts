import { multiLabelReports } from '@/lib/agreement/multilabel';
import { computeAgreementReport, type AgreementReport } from '@/lib/agreement/report';
import type { Read, WeightKind } from '@/lib/agreement/types';

/** One agreement computation, as posted to the agreement worker (plain data). */
export interface AgreementTask {
  reads: Read[];
  multiLabelReads: { item: string; reader: string; labels: string[] }[];
  multiLabel: boolean;
  categories: string[];
  weights: WeightKind;
  bootstrap: number;
  seed: number;
  threshold: number;
  /** Wall-clock budget of the bootstrap: past it, the intervals come from the replicates done. */
  budgetMs: number;
}

export interface AgreementAnswer {
  report: AgreementReport;
  perLabel: { label: string; report: AgreementReport }[];
  /** Set when the time budget cut the bootstrap short. */
  note: string | null;
}

/** The statistics of one task, within its time budget (the worker's body; inline where there is no worker). */
export function runAgreementTask(task: AgreementTask): AgreementAnswer {
  const deadline = Date.now() + task.budgetMs;
  const stop = () => Date.now() > deadline;
  const options = { bootstrap: task.bootstrap, seed: task.seed, threshold: task.threshold };
  const report = task.multiLabel
    ? computeAgreementReport(task.reads, options, { stop })
    : computeAgreementReport(task.reads, { ...options, categories: task.categories, weights: task.weights }, { stop });
  const perLabel = task.multiLabel
    ? multiLabelReports(task.multiLabelReads, { ...options, labels: task.categories }, { stop })
    : [];
  const short = [report, ...perLabel.map((l) => l.report)].find((r) => r.bootstrap.done < r.bootstrap.requested);
  const note = short
    ? `Intervals from ${short.bootstrap.done} of ${short.bootstrap.requested} bootstrap replicates: the ${budgetText(task.budgetMs)} time budget ran out.`
    : null;
  return { report, perLabel, note };
}

const budgetText = (ms: number) => (ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`);
