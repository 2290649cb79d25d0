import { kindBit, kindMask, sourceLabel } from './model-probabilities';
import { rankByScore } from './rank-by-score';
import { createPhrases } from './reason';
import { modelKinds, type ModelScores, type Strategy } from './types';
import { mutualInformation } from './uncertainty';

/** Below this many nats we say the dropout passes agree. */
const AGREEMENT_NATS = 0.01;

/**
 * Score.strategy of the per-version mutual information the scoring job stores once with the
 * MC-dropout passes (a scoring method, not a strategy: no registered strategy has this name).
 */
export const MUTUAL_INFORMATION_SCORE = 'mutual-information';

const hasStoredScore = (m: ModelScores): boolean => Number.isFinite(m.mutualInformation);
const hasPasses = (m: ModelScores): boolean => hasStoredScore(m) || (m.mcSamples?.length ?? 0) > 0;

/**
 * One kind's mutual information: the number stored by the scoring job when present, else
 * computed from its passes (the same function the scoring job uses, so both agree exactly).
 * NaN when the kind has neither, or its passes are not `classes` wide.
 */
function kindMutualInformation(m: ModelScores, classes: number, scratch: Float64Array): number {
  if (hasStoredScore(m)) return m.mutualInformation as number;
  const samples = m.mcSamples;
  if (!samples || samples.length === 0 || samples[0].length !== classes) return Number.NaN;
  return mutualInformation(samples, scratch);
}

/**
 * BALD with MC dropout: the mutual information between the prediction and the model
 * weights. Uses ctx.modelKind's passes, else the mean of the per-kind values over the
 * kinds that stored passes (each kind's dropout is its own posterior; pooling passes
 * across kinds would add the committee's disagreement, which committee-kl measures).
 * Reads the value the scoring job stored per (version, scan) and computes it only when
 * absent, so ranking 100k scans does not take 100k x passes x classes logarithms.
 */
export const bald: Strategy = {
  name: 'bald',
  title: 'BALD (MC dropout)',
  description:
    "Scans where the model's MC-dropout passes disagree most: mutual information H(mean) - mean(H). High when the model is unsure of its own weights, not merely facing an ambiguous image.",
  needs: ['mcSamples'],
  rank(scans, ctx) {
    const kinds = ctx.modelKind ? [ctx.modelKind] : modelKinds;
    const bits = kinds.map(kindBit);
    const phrases = createPhrases(ctx.labels);
    let scratch = new Float64Array(16);
    // For the reason of the scan just scored: its kinds' mean prediction, and those kinds.
    let prediction = new Float64Array(16);
    let classes = 0;
    let mask = 0;
    return rankByScore(scans, {
      score(scan) {
        let sum = 0;
        let count = 0;
        mask = 0;
        for (let m = 0; m < kinds.length; m++) {
          const scores = scan.byModel[kinds[m]];
          if (!scores || !hasPasses(scores)) continue;
          const p = scores.probabilities;
          const k = p.length;
          if (k === 0 || (count > 0 && k !== classes)) return Number.NaN;
          if (scratch.length < k) [scratch, prediction] = [new Float64Array(k * 2), new Float64Array(k * 2)];
          const mi = kindMutualInformation(scores, k, scratch);
          if (!Number.isFinite(mi)) return Number.NaN;
          sum += mi;
          if (count === 0) classes = k;
          for (let c = 0; c < k; c++) prediction[c] = count === 0 ? p[c] : prediction[c] + p[c];
          mask |= bits[m];
          count++;
        }
        if (count === 0) return Number.NaN;
        if (count > 1) for (let c = 0; c < classes; c++) prediction[c] /= count;
        return sum / count;
      },
      explain(_scan, score) {
        const verdict = score < AGREEMENT_NATS ? 'the dropout passes agree, ' : 'the dropout passes disagree, ';
        return phrases.head('BALD', score, sourceLabel(mask)) + phrases.tornBetween(prediction, classes, verdict);
      },
      missing: (scan) =>
        kindMask(scan, kinds, hasPasses)
          ? 'MC-dropout passes unusable (empty, or class counts differ)'
          : `no MC-dropout passes${ctx.modelKind ? ` from ${ctx.modelKind}` : ''} yet`,
    });
  },
};
