import type { DecodedImage } from '@/lib/imaging/types';
import { modelKinds, type ModelKind, type ModelScores, type ScanScores, type Strategy } from '@/lib/strategies';
import type { Classifier } from '@/trainer/evaluate';
import { predictProbabilities, predictProbabilitiesFromEmbeddings } from '@/trainer/predict';

/** What a strategy needs computed on the unlabelled pool each round. */
export interface PoolNeeds {
  /** false: the strategy reads no model output (random), so the pool is not scored at all. */
  predict: boolean;
  mcDropoutPasses: number;
  embeddings: boolean;
  /** Models to train per round: committee strategies get a committee, the others one model. */
  members: number;
}

export function poolNeeds(strategy: Strategy, opts: { mcDropoutPasses: number; committeeSize: number }): PoolNeeds {
  const needs = new Set(strategy.needs);
  return {
    predict: needs.size > 0,
    mcDropoutPasses: needs.has('mcSamples') ? opts.mcDropoutPasses : 0,
    embeddings: needs.has('embedding'),
    members: needs.has('committee') ? opts.committeeSize : 1,
  };
}

/**
 * Where each member's scores go in ScanScores.byModel. One model sits in its own kind's slot.
 * A committee of one family (members differing only in their seed) takes the kinds' slots in
 * order: the committee strategies compare whatever sits in those slots.
 */
export function memberSlots(kind: ModelKind, members: number): ModelKind[] {
  return members === 1 ? [kind] : modelKinds.slice(0, members);
}

/**
 * Stored-score rows for the unlabelled scans, as the scoring job would write them. With
 * `features` (a frozen backbone's avg_pool embeddings of the pool) only the heads run.
 */
export function scorePool(
  members: readonly Classifier[],
  pool: { ids: readonly string[]; images: readonly DecodedImage[]; features?: readonly Float32Array[] },
  opts: { slots: readonly ModelKind[]; needs: PoolNeeds; seed: number },
): ScanScores[] {
  const rows: ScanScores[] = pool.ids.map((scanId) => ({ scanId, lastServedAt: null, byModel: {} }));
  members.forEach((member, m) => {
    const predictOpts = {
      mcDropoutPasses: opts.needs.mcDropoutPasses,
      embeddings: opts.needs.embeddings,
      seed: opts.seed + m,
    };
    const p = pool.features
      ? predictProbabilitiesFromEmbeddings(member, pool.features, predictOpts)
      : predictProbabilities(member, pool.images, predictOpts);
    rows.forEach((row, i) => {
      const scores: ModelScores = { probabilities: p.probabilities[i] };
      if (p.mcSamples) scores.mcSamples = p.mcSamples[i];
      if (p.embeddings) scores.embedding = p.embeddings[i];
      row.byModel[opts.slots[m]] = scores;
    });
  });
  return rows;
}
