import { committeeStrategy } from './committee';
import { argmax } from './reason';
import { voteEntropy } from './uncertainty';

export const committeeVoteEntropy = committeeStrategy({
  name: 'committee-vote-entropy',
  title: 'Committee vote entropy',
  description:
    "Query by committee across the model kinds: entropy of the members' top-class votes. Highest when every kind votes for a different class.",
  metric: 'vote entropy',
  measure(members, k, votes) {
    votes.fill(0, 0, k);
    for (const p of members) votes[argmax(p, k)]++;
    return voteEntropy(votes, k, members.length);
  },
});
