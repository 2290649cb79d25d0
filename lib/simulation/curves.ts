import { meanSd, type MeanSd } from '@/lib/metrics/mean-sd';
import type { CurveMetric, SimulationPoint } from './schemas';

export { meanSd, type MeanSd };

/** One round of a strategy's curve, over seeds. */
export interface CurvePoint extends MeanSd {
  round: number;
  /** Mean labels used at this round (every seed uses the same count unless the pool ran out). */
  labels: number;
}

/**
 * A strategy's mean curve: per round, the mean and sd of `metric` over the seeds that reached
 * the round (null values, e.g. sensitivity without lesions, are left out), ordered by round.
 */
export function meanCurve(points: readonly SimulationPoint[], strategy: string, metric: CurveMetric): CurvePoint[] {
  const byRound = new Map<number, { labels: number[]; values: number[] }>();
  for (const p of points) {
    const value = p[metric];
    if (p.strategy !== strategy || value === null) continue;
    const slot = byRound.get(p.round) ?? { labels: [], values: [] };
    slot.labels.push(p.labels);
    slot.values.push(value);
    byRound.set(p.round, slot);
  }
  return [...byRound.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([round, s]) => ({ round, labels: meanSd(s.labels).mean, ...meanSd(s.values) }));
}

/**
 * Labels a curve needs to first reach `target`: linear interpolation between the last point
 * below and the first point at or above it; the first point's labels when it starts there;
 * null when the curve never gets there.
 */
export function labelsToReach(curve: readonly CurvePoint[], target: number): number | null {
  for (let i = 0; i < curve.length; i++) {
    if (curve[i].mean < target) continue;
    if (i === 0) return curve[0].labels;
    const a = curve[i - 1];
    const b = curve[i];
    return a.labels + ((target - a.mean) / (b.mean - a.mean)) * (b.labels - a.labels);
  }
  return null;
}

/**
 * Labels from which the curve stays at or above `target` to its end (interpolated where its
 * last run above begins): a first reach by a lucky round does not count here. null when it ends below.
 */
export function labelsToStayAtOrAbove(curve: readonly CurvePoint[], target: number): number | null {
  let lastBelow = -1;
  curve.forEach((p, i) => {
    if (p.mean < target) lastBelow = i;
  });
  if (curve.length === 0 || lastBelow === curve.length - 1) return null;
  return labelsToReach(curve.slice(Math.max(0, lastBelow)), target);
}
