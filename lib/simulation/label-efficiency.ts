import { AppError } from '@/lib/errors/app-error';
import { labelsToReach, labelsToStayAtOrAbove, meanCurve, meanSd, type MeanSd } from './curves';
import type { SimulationPoint } from './schemas';

/** The baseline every strategy is measured against: random sampling. */
export const BASELINE_STRATEGY = 'random';

export interface StrategySummary {
  strategy: string;
  seeds: number;
  /** Labels at the strategy's last round (mean over seeds). */
  finalLabels: number;
  /** Over seeds, at each seed's last round. */
  finalMacroF1: MeanSd;
  finalAccuracy: MeanSd;
  /** null when no run had a lesion sensitivity. */
  finalLesionSensitivity: MeanSd | null;
  /** Labels its mean macro-F1 curve needs to reach the baseline's final mean macro F1; null = not reached. */
  labelsToReachBaseline: number | null;
  /** labelsToReachBaseline / the baseline's final labels; below 1 = fewer labels than the baseline. */
  fractionOfBaselineLabels: number | null;
  /** The same from the point where the mean curve stays at or above the target to its last round. */
  labelsToStayAtBaseline: number | null;
  fractionToStayAtBaseline: number | null;
}

export interface SimulationSummary {
  baseline: string;
  /** The target: the baseline's mean macro F1 at its last round. */
  baselineFinalMacroF1: number;
  baselineFinalLabels: number;
  /** In the order the strategies first appear in the points. */
  strategies: StrategySummary[];
  /** The other strategy that needed the smallest fraction; null when none reached the target. */
  best: { strategy: string; fractionOfBaselineLabels: number } | null;
  /** The same question at every budget the baseline passed through, not only its last. */
  byBudget: BudgetEfficiency[];
}

export interface BudgetEfficiency {
  /** The baseline's labels at one of its rounds, and its mean macro F1 there. */
  budget: number;
  baselineMacroF1: number;
  /** Per strategy: labels to reach that F1 over the budget (above 1 = more than the baseline); null = never. */
  fractions: Record<string, number | null>;
}

const fractionOf = (labels: number | null, budget: number) => (labels === null ? null : labels / budget);

function lastRoundOfEachSeed(points: readonly SimulationPoint[]): SimulationPoint[] {
  const last = new Map<number, SimulationPoint>();
  for (const p of points) if ((last.get(p.seed)?.round ?? -1) < p.round) last.set(p.seed, p);
  return [...last.values()];
}

function summariseStrategy(
  points: readonly SimulationPoint[],
  strategy: string,
  target: number,
  baselineLabels: number,
): StrategySummary {
  const own = points.filter((p) => p.strategy === strategy);
  const finals = lastRoundOfEachSeed(own);
  const sensitivities = finals.flatMap((p) => (p.lesionSensitivity === null ? [] : [p.lesionSensitivity]));
  const curve = meanCurve(own, strategy, 'macroF1');
  const needed = labelsToReach(curve, target);
  const stays = labelsToStayAtOrAbove(curve, target);
  return {
    strategy,
    seeds: finals.length,
    finalLabels: meanSd(finals.map((p) => p.labels)).mean,
    finalMacroF1: meanSd(finals.map((p) => p.macroF1)),
    finalAccuracy: meanSd(finals.map((p) => p.accuracy)),
    finalLesionSensitivity: sensitivities.length ? meanSd(sensitivities) : null,
    labelsToReachBaseline: needed,
    fractionOfBaselineLabels: fractionOf(needed, baselineLabels),
    labelsToStayAtBaseline: stays,
    fractionToStayAtBaseline: fractionOf(stays, baselineLabels),
  };
}

/**
 * The label-efficiency table: for every strategy, final metrics over seeds and the
 * fraction of the baseline's labels it needed to reach the baseline's final mean macro F1
 * (read off each mean curve with linear interpolation).
 */
export function summariseSimulation(
  points: readonly SimulationPoint[],
  baseline = BASELINE_STRATEGY,
): SimulationSummary {
  const names = [...new Set(points.map((p) => p.strategy))];
  const baseCurve = meanCurve(points, baseline, 'macroF1');
  const baseEnd = baseCurve[baseCurve.length - 1];
  if (!baseEnd) {
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `no results for the baseline strategy "${baseline}"; include it to measure label efficiency`,
    });
  }
  const strategies = names.map((s) => summariseStrategy(points, s, baseEnd.mean, baseEnd.labels));
  let best: SimulationSummary['best'] = null;
  for (const s of strategies) {
    if (s.strategy === baseline || s.fractionOfBaselineLabels === null) continue;
    if (!best || s.fractionOfBaselineLabels < best.fractionOfBaselineLabels) {
      best = { strategy: s.strategy, fractionOfBaselineLabels: s.fractionOfBaselineLabels };
    }
  }
  const curves = new Map(names.map((n) => [n, meanCurve(points, n, 'macroF1')]));
  const byBudget = baseCurve.map((b) => ({
    budget: b.labels,
    baselineMacroF1: b.mean,
    fractions: Object.fromEntries(names.map((n) => [n, fractionOf(labelsToReach(curves.get(n)!, b.mean), b.labels)])),
  }));
  return {
    baseline,
    baselineFinalMacroF1: baseEnd.mean,
    baselineFinalLabels: baseEnd.labels,
    strategies,
    best,
    byBudget,
  };
}
