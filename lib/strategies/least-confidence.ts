import { probabilityStrategy } from './probability-strategy';
import { leastConfidence as leastConfidenceOf } from './uncertainty';

export const leastConfidence = probabilityStrategy({
  name: 'least-confidence',
  title: 'Least confidence',
  description:
    'Scans whose most likely class is least likely (1 - top probability). Uses the chosen model, or the mean of all model kinds.',
  measure: leastConfidenceOf,
  explain: ({ score, values, length, source, phrases }) =>
    phrases.head('least confidence', score, source) + phrases.bestGuess(values, length),
});
