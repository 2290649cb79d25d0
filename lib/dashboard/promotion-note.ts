import { activeVersion, type ModelVersionView } from './model-versions';

/**
 * Why a version is or is not its kind's active model, in a lead's words. A trained version
 * that was not promoted is compared with the active one on validation macro F1 (the
 * promotion gate's measure: the active one's score on this version's validation scans when the
 * gate measured it, else its recorded F1), or named as held back by a pin.
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
  // The gate scored the active version on this version's validation scans: that is what it compared.
  const gate = v.metrics?.gate;
  if (gate && gate.versionId === active.id && mine < gate.macroF1)
    return `Not promoted: validation macro F1 ${f(mine)} against the active v${active.version}'s ${f(gate.macroF1)} on the same scans`;
  return mine < theirs
    ? `Not promoted: validation macro F1 ${f(mine)} against the active v${active.version}'s ${f(theirs)}`
    : `Not active: validation macro F1 ${f(mine)}, the active v${active.version} has ${f(theirs)}`;
}
