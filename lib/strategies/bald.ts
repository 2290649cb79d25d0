import { kindBit, kindMask, sourceLabel } from './model-probabilities';
import { rankByScore } from './rank-by-score';
import { createPhrases } from './reason';
import { modelKinds, type ModelScores, type Strategy } from './types';
import { mutualInformation } from './uncertainty';

/** Below this many nats we say the dropout passes agree. */
const AGREEMENT_NATS = 0.01;

const hasPasses = (m: ModelScores): boolean => (m.mcSamples?.length ?? 0) > 0;

/**
 * BALD with MC dropout: the mutual information between the prediction and the model
 * weights. Uses ctx.modelKind's passes, else the mean of the per-kind values over the
 * kinds that stored passes (each kind's dropout is its own posterior; pooling passes
 * across kinds would add the committee's disagreement, which committee-kl measures).
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
    // For the reason of the scan just scored: the mean over its passes, and their kinds.
    let meanOfPasses = new Float64Array(16);
    let classes = 0;
    let mask = 0;
    return rankByScore(scans, {
      score(scan) {
        let sum = 0;
        let count = 0;
        mask = 0;
        for (let m = 0; m < kinds.length; m++) {
          const samples = scan.byModel[kinds[m]]?.mcSamples;
          if (!samples || samples.length === 0) continue;
          const k = samples[0].length;
          if (count > 0 && k !== classes) return Number.NaN;
          if (scratch.length < k) [scratch, meanOfPasses] = [new Float64Array(k * 2), new Float64Array(k * 2)];
          sum += mutualInformation(samples, scratch);
          if (count === 0) classes = k;
          for (let c = 0; c < classes; c++) meanOfPasses[c] = count === 0 ? scratch[c] : meanOfPasses[c] + scratch[c];
          mask |= bits[m];
          count++;
        }
        if (count === 0) return Number.NaN;
        if (count > 1) for (let c = 0; c < classes; c++) meanOfPasses[c] /= count;
        return sum / count;
      },
      explain(_scan, score) {
        const verdict = score < AGREEMENT_NATS ? 'the dropout passes agree, ' : 'the dropout passes disagree, ';
        return phrases.head('BALD', score, sourceLabel(mask)) + phrases.tornBetween(meanOfPasses, classes, verdict, ' on average');
      },
      missing: (scan) =>
        kindMask(scan, kinds, hasPasses)
          ? 'MC-dropout passes unusable (empty, or class counts differ)'
          : `no MC-dropout passes${ctx.modelKind ? ` from ${ctx.modelKind}` : ''} yet`,
    });
  },
};
