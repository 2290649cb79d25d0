import { activeVersion, type ModelVersionView } from './model-versions';

/**
 * Why a version is or is not its kind's active model, in a lead's words. A trained version
 * that was not promoted is compared with the active one on validation macro F1 (the
 * promotion gate's measure), or named as held back by a pin.
 */
export function promotionNote(v: ModelVersionView, all: readonly ModelVersionView[]): string {
  if (v.state === 'TRAINING') return 'Training…';
  if (v.state === 'FAILED') return `Failed${v.error ? `: ${v.error}` : ''}`;
  if (v.state === 'ARCHIVED') return 'Archived';
  if (v.active) return v.pinned ? 'Active, pinned: no new version replaces it until unpinned' : 'Active';
  const active = activeVersion(all, v.kind);
  if (!active) return 'Not active';
  const mine = v.metrics?.validation.macroF1;
  const theirs = active.metrics?.validation.macroF1;
  if (active.pinned) {
    return `${v.version > active.version ? 'Not promoted' : 'Not active'}: v${active.version} is pinned`;
  }
  if (mine === undefined || theirs === undefined) return `Not promoted (v${active.version} is active)`;
  const f = (x: number) => x.toFixed(3);
  return mine < theirs
    ? `Not promoted: validation macro F1 ${f(mine)} against the active v${active.version}'s ${f(theirs)}`
    : `Not active: validation macro F1 ${f(mine)}, the active v${active.version} has ${f(theirs)}`;
}
