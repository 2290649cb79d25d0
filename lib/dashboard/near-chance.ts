import { modelName } from '@/lib/models/model-name';
import { type ModelVersionView } from './model-versions';

/** Below this validation macro AUC an active model ranks the queue little better than chance. */
export const NEAR_CHANCE_AUC = 0.6;

export interface NearChance {
  /** The active versions near chance, e.g. "CNN v2 (AUC 0.54)". */
  versions: string[];
  /** Labels the most-trained of them learnt from. */
  labelCount: number;
}

/**
 * Whether every active model with a validation macro AUC is still near chance: the queue's
 * order is then close to random. Null when any active model is past it, or none is measured.
 */
export function nearChance(versions: readonly ModelVersionView[]): NearChance | null {
  const measured = versions.filter((v) => v.active && v.state === 'READY' && v.metrics?.validation.macroAuc != null);
  if (measured.length === 0) return null;
  if (measured.some((v) => (v.metrics?.validation.macroAuc ?? 0) >= NEAR_CHANCE_AUC)) return null;
  return {
    versions: measured.map((v) => `${modelName(v)} (AUC ${(v.metrics?.validation.macroAuc ?? 0).toFixed(2)})`),
    labelCount: Math.max(...measured.map((v) => v.labelCount)),
  };
}
