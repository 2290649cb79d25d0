import { probabilityStrategy } from './probability-strategy';
import { marginScore } from './uncertainty';

export const margin = probabilityStrategy({
  name: 'margin',
  title: 'Smallest margin',
  description:
    'Scans whose two most likely classes are closest; the score is 1 - (p1 - p2), so higher means a smaller margin. Uses the chosen model, or the mean of all model kinds.',
  measure: marginScore,
  explain: ({ score, values, length, source, phrases }) =>
    phrases.head('margin', 1 - score, source) + phrases.tornBetween(values, length),
});
