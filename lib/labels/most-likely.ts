/** The class a model ranks first (the first of equals); -1 for an empty list. */
export function mostLikelyIndex(probabilities: readonly number[]): number {
  let best = -1;
  for (let i = 0; i < probabilities.length; i++) if (best < 0 || probabilities[i] > probabilities[best]) best = i;
  return best;
}
