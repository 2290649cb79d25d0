export interface PromotionScore {
  /** Validation macro F1 of the version. */
  macroF1: number;
}

export type PromotionReason = 'no-active' | 'pinned' | 'not-worse' | 'worse' | 'invalid-score';

export interface PromotionDecision {
  promote: boolean;
  reason: PromotionReason;
}

/**
 * The promotion gate: the active version of a kind is replaced only by a candidate that is
 * not worse on validation macro F1 (within `tolerance`), and never while a lead has pinned it.
 */
export function shouldPromote(
  candidate: PromotionScore,
  active: PromotionScore | null,
  opts: { pinned?: boolean; tolerance?: number } = {},
): PromotionDecision {
  if (!Number.isFinite(candidate.macroF1)) return { promote: false, reason: 'invalid-score' };
  if (opts.pinned) return { promote: false, reason: 'pinned' };
  if (!active) return { promote: true, reason: 'no-active' };
  const notWorse = candidate.macroF1 >= active.macroF1 - (opts.tolerance ?? 0);
  return { promote: notWorse, reason: notWorse ? 'not-worse' : 'worse' };
}
