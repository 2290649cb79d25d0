import type { Estimate } from '@/lib/agreement/types';

/** One row of agreement over time: a week, or the reads a model version trained on. */
export interface PeriodView {
  key: string;
  label: string;
  at: string;
  reads: number;
  items: number;
  pairableItems: number;
  readers: number;
  krippendorff_alpha: Estimate;
  fleiss_kappa: Estimate;
  percent_agreement: Estimate;
}

export const periodStatistics = [
  { key: 'krippendorff_alpha', title: "Krippendorff's alpha" },
  { key: 'fleiss_kappa', title: "Fleiss' kappa" },
  { key: 'percent_agreement', title: 'Percent agreement' },
] as const;

export type PeriodStatistic = (typeof periodStatistics)[number]['key'];
