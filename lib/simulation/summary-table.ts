import type { MeanSd } from './curves';
import type { SimulationSummary } from './label-efficiency';

const pm = (s: MeanSd | null, digits = 3) =>
  s === null ? '-' : s.n > 1 ? `${s.mean.toFixed(digits)} ± ${s.sd.toFixed(digits)}` : s.mean.toFixed(digits);

/** The printed label-efficiency table: one row per strategy, cells formatted for printTable. */
export function summaryTableRows(summary: SimulationSummary): Record<string, string | number>[] {
  return summary.strategies.map((s) => ({
    strategy: s.strategy,
    seeds: s.seeds,
    'final labels': Math.round(s.finalLabels),
    'final macro F1': pm(s.finalMacroF1),
    'final lesion sens.': pm(s.finalLesionSensitivity),
    [`labels to ${summary.baseline}'s final F1`]:
      s.labelsToReachBaseline === null ? 'not reached' : Math.round(s.labelsToReachBaseline),
    [`fraction of ${summary.baseline}'s labels`]:
      s.fractionOfBaselineLabels === null ? 'not reached' : s.fractionOfBaselineLabels.toFixed(2),
    'fraction, staying there':
      s.fractionToStayAtBaseline === null ? 'ends below' : s.fractionToStayAtBaseline.toFixed(2),
  }));
}

/** Per baseline budget: the baseline's F1 there and each strategy's fraction of its labels to reach it ('-' = never). */
export function budgetTableRows(summary: SimulationSummary): Record<string, string | number>[] {
  return summary.byBudget.map((b) => ({
    labels: Math.round(b.budget),
    [`${summary.baseline}'s F1`]: b.baselineMacroF1.toFixed(3),
    ...Object.fromEntries(Object.entries(b.fractions).map(([name, f]) => [name, f === null ? '-' : f.toFixed(2)])),
  }));
}

/** One line under the table: the target and the best strategy's fraction. */
export function summaryHeadline(summary: SimulationSummary): string {
  const target = `${summary.baseline}'s final mean macro F1: ${summary.baselineFinalMacroF1.toFixed(3)} at ${Math.round(summary.baselineFinalLabels)} labels`;
  if (!summary.best) return `${target}; no other strategy reached it`;
  const pct = Math.round(summary.best.fractionOfBaselineLabels * 100);
  return `${target}; best: ${summary.best.strategy}, which reached it with ${pct}% of ${summary.baseline}'s labels`;
}
