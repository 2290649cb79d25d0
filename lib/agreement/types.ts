import { z } from 'zod';

/** One read: a reader's label for an item (a scan). Inputs are plain tables of these. */
export const ReadSchema = z.object({
  item: z.string().min(1),
  reader: z.string().min(1),
  label: z.string().min(1),
});
export type Read = z.infer<typeof ReadSchema>;

/** How disagreements between ordered categories are weighed (weighted kappa). */
export const WeightKindSchema = z.enum(['none', 'linear', 'quadratic']);
export type WeightKind = z.infer<typeof WeightKindSchema>;

/** Why a statistic has no value: defined results instead of a silent NaN. */
export type DegenerateReason = 'no-reads' | 'one-reader' | 'one-category' | 'no-overlap' | 'category-not-used';

export type StatResult = { ok: true; value: number } | { ok: false; reason: DegenerateReason };

/**
 * A statistic with its bootstrap interval. Keys are snake_case because this is the wire
 * form shown by the CLI (--json) and the app. The interval is null when no bootstrap
 * replicate was computable (or none was asked for).
 */
export type Estimate =
  { ok: true; value: number; ci_low: number | null; ci_high: number | null } | { ok: false; reason: DegenerateReason };

export interface CategoryOptions {
  /**
   * The categories, in order. Required for weighted kappa (the order gives the distance
   * between categories); otherwise the observed labels sorted naturally. A label outside
   * this list is a BAD_REQUEST.
   */
  categories?: readonly string[];
}

export function degenerate(reason: DegenerateReason): { ok: false; reason: DegenerateReason } {
  return { ok: false, reason };
}
