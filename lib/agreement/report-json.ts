import type { AgreementReport, ItemPosterior } from './report';
import type { DegenerateReason, Estimate } from './types';

/** The wire form of one statistic: a value with its interval, or nulls and the reason. */
export type EstimateJson =
  | { value: number; ci_low: number | null; ci_high: number | null }
  | { value: null; ci_low: null; ci_high: null; reason: DegenerateReason };

/** `neuroloop agreement --json`: a fixed set of keys, and no others. */
export interface AgreementJson {
  percent_agreement: EstimateJson;
  cohen_kappa: ({ reader_a: string; reader_b: string } & EstimateJson)[];
  fleiss_kappa: EstimateJson;
  krippendorff_alpha: EstimateJson;
  dawid_skene:
    | { reader_accuracy: Record<string, number>; posteriors: ItemPosterior[] }
    | { reader_accuracy: null; posteriors: null; reason: DegenerateReason };
}

export function estimateJson(e: Estimate): EstimateJson {
  return e.ok
    ? { value: e.value, ci_low: e.ci_low, ci_high: e.ci_high }
    : { value: null, ci_low: null, ci_high: null, reason: e.reason };
}

export function toAgreementJson(report: AgreementReport): AgreementJson {
  const ds = report.dawid_skene;
  return {
    percent_agreement: estimateJson(report.percent_agreement),
    cohen_kappa: report.cohen_kappa.map((p) => ({ reader_a: p.reader_a, reader_b: p.reader_b, ...estimateJson(p) })),
    fleiss_kappa: estimateJson(report.fleiss_kappa),
    krippendorff_alpha: estimateJson(report.krippendorff_alpha),
    dawid_skene: ds.ok
      ? { reader_accuracy: ds.reader_accuracy, posteriors: ds.posteriors }
      : { reader_accuracy: null, posteriors: null, reason: ds.reason },
  };
}
