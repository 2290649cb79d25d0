import { probabilityStrategy, type ProbabilityStrategyDef } from './probability-strategy';
import { entropy as entropyOf } from './uncertainty';

export const entropyDef: ProbabilityStrategyDef = {
  name: 'entropy',
  title: 'Entropy',
  description:
    'Scans whose predicted class distribution is most spread out (Shannon entropy, in nats). Uses the chosen model, or the mean of all model kinds.',
  measure: entropyOf,
  explain: ({ score, values, length, source, phrases }) =>
    phrases.head('entropy', score, source) + phrases.tornBetween(values, length),
};

export const entropy = probabilityStrategy(entropyDef);
