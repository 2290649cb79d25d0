import { committeeStrategy } from './committee';
import { klDivergence, withoutRoundingNoise } from './uncertainty';

export const committeeKl = committeeStrategy({
  name: 'committee-kl',
  title: 'Committee KL divergence',
  description:
    "Query by committee across the model kinds: mean KL divergence of each member's probabilities from the committee's mean. Sees soft disagreement that votes miss.",
  metric: 'mean KL to the committee',
  measure(members, k, consensus) {
    consensus.fill(0, 0, k);
    for (const p of members) for (let c = 0; c < k; c++) consensus[c] += p[c] / members.length;
    let kl = 0;
    for (const p of members) kl += klDivergence(p, consensus, k);
    return withoutRoundingNoise(kl / members.length);
  },
});
