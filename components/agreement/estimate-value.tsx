import type { Estimate } from '@/lib/agreement/types';
import { formatNumber, reasonText } from './format';

/** A statistic with its 95% interval, or the reason it has none. */
export function EstimateValue({
  estimate,
  digits = 2,
  testId,
}: {
  estimate: Estimate;
  digits?: number;
  testId?: string;
}) {
  if (!estimate.ok) {
    return (
      <span className="text-slate-400 italic" data-testid={testId} data-reason={estimate.reason}>
        {reasonText[estimate.reason]}
      </span>
    );
  }
  const { value, ci_low: low, ci_high: high } = estimate;
  return (
    <span data-testid={testId}>
      <span className="font-medium tabular-nums">{formatNumber(value, digits)}</span>
      {low !== null && high !== null && (
        <span className="ml-1 text-xs text-slate-400 tabular-nums">
          ({formatNumber(low, digits)}–{formatNumber(high, digits)})
        </span>
      )}
    </span>
  );
}
