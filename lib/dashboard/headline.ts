import type { ModelKind } from '@/lib/schemas/project';
import { versionPoint, type VersionPoint } from './model-series';
import { versionsOfKind, type ModelState, type ModelVersionView } from './model-versions';

/** What a lead reads first each morning: per kind, the active version against the one before it. */
export interface KindHeadline {
  kind: ModelKind;
  /** The active version (null when none is active yet). */
  current: VersionPoint | null;
  /** The newest earlier version with metrics, to show the trend against. */
  previous: VersionPoint | null;
  /** The newest version of any state (e.g. one still training or failed). */
  latest: { version: number; state: ModelState } | null;
  backend: string | null;
}

export function headlineFor(versions: readonly ModelVersionView[], kind: ModelKind): KindHeadline {
  const ofKind = versionsOfKind(versions, kind);
  const active = ofKind.find((v) => v.active) ?? null;
  const previous = active
    ? ([...ofKind].reverse().find((v) => v.version < active.version && v.metrics !== null) ?? null)
    : null;
  const newest = ofKind.at(-1) ?? null;
  return {
    kind,
    current: active ? versionPoint(active) : null,
    previous: previous ? versionPoint(previous) : null,
    latest: newest ? { version: newest.version, state: newest.state } : null,
    backend: active?.backend ?? null,
  };
}

/** current - previous, or null when either is missing. */
export function delta(current: number | null | undefined, previous: number | null | undefined): number | null {
  return current === null || current === undefined || previous === null || previous === undefined
    ? null
    : current - previous;
}

/** Whether a change is good news: higher is better unless the metric is an error (ECE, misses). */
export function trendTone(change: number | null, higherIsBetter: boolean): 'better' | 'worse' | 'same' | 'none' {
  if (change === null) return 'none';
  if (Math.abs(change) < 1e-9) return 'same';
  return change > 0 === higherIsBetter ? 'better' : 'worse';
}
