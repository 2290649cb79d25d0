import type { AgreementReport } from '@/lib/agreement/report';
import type { DegenerateReason, Estimate } from '@/lib/agreement/types';

/** Why a statistic has no value, in words (never NaN on screen). */
export const reasonText: Record<DegenerateReason, string> = {
  'no-reads': 'no reads yet',
  'one-reader': 'only one reader so far',
  'one-category': 'every read so far gives the same label, so agreement beyond chance is undefined',
  'no-overlap': 'no scan has been read by two readers yet',
  'category-not-used': 'no reader has used this label yet',
};

/** One line per statistic for clinicians: what it measures and what 0.6 means. */
export const statisticHelp = {
  krippendorff_alpha:
    'Agreement beyond chance across all readers, even where not everyone read every scan: 1 is perfect, 0 is chance; at 0.6 readers disagree 40% as often as random labelling would.',
  fleiss_kappa:
    'How far readers get from chance agreement towards perfect agreement on scans with several reads: 0.6 means 60% of the way.',
  percent_agreement:
    'How often two readers of the same scan give the same label: 0.6 means 6 reader pairs in 10 agree (flattered when one label is common).',
  cohen_kappa:
    "Cohen's kappa of two readers on the scans both read: 1 is perfect, 0 is chance; 0.6 means they reach 60% of the agreement possible beyond chance.",
  specific_agreement:
    'When one reader gives this label, how often another reader of the scan gives it too: 0.6 means 6 times in 10.',
  class_alpha:
    "Krippendorff's alpha of this label against all others: 0.6 means disagreements about it are 40% of what chance would give.",
  reader_accuracy:
    "Dawid–Skene's estimate of how often this reader's label is the true one, learned from everyone's reads together: 0.6 means right about 6 times in 10.",
  consensus_agreement: "Share of this reader's reads that match the consensus label: 0.6 means 6 reads in 10.",
} as const;

/** Landis & Koch's words for a kappa or alpha value. */
export function strengthOf(value: number): string {
  if (value < 0) return 'worse than chance';
  if (value <= 0.2) return 'slight';
  if (value <= 0.4) return 'fair';
  if (value <= 0.6) return 'moderate';
  if (value <= 0.8) return 'substantial';
  return 'almost perfect';
}

export function formatNumber(value: number, digits = 2): string {
  return Object.is(value, -0) ? (0).toFixed(digits) : value.toFixed(digits);
}

/** "0.62 (0.55–0.69)", or the reason when the statistic has no value. */
export function formatEstimate(e: Estimate, digits = 2): string {
  if (!e.ok) return reasonText[e.reason];
  const interval =
    e.ci_low !== null && e.ci_high !== null
      ? ` (${formatNumber(e.ci_low, digits)}–${formatNumber(e.ci_high, digits)})`
      : '';
  return `${formatNumber(e.value, digits)}${interval}`;
}

export interface ClassRow {
  category: string;
  specific_agreement: Estimate;
  alpha: Estimate;
}

/**
 * Per-class rows: the report's own per-class values, or for a multi-label project each
 * label's present/absent report (agreement on "present", alpha of the label).
 */
export function classRows(
  report: AgreementReport,
  perLabel: readonly { label: string; report: AgreementReport }[] = [],
): ClassRow[] {
  if (perLabel.length === 0) return report.per_class;
  return perLabel.map(({ label, report: r }) => ({
    category: label,
    specific_agreement: r.per_class.find((c) => c.category === 'present')?.specific_agreement ?? {
      ok: false,
      reason: 'category-not-used',
    },
    alpha: r.krippendorff_alpha,
  }));
}

export function formatWhen(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
