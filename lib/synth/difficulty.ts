/**
 * The one knob of the synthetic generators. Everything that makes a lesion harder to see
 * moves monotonically with difficulty d in [0, 1]:
 *
 * | d   | lesionScale | lesionContrast | noiseScale |
 * |-----|-------------|----------------|------------|
 * | 0   | 1.30        | 1.00           | 0.60       |
 * | 0.5 | 0.90        | 0.70           | 1.35       |
 * | 1   | 0.50        | 0.40           | 2.10       |
 *
 * lesionScale multiplies lesion radii/thickness; lesionContrast scales the lesion's excess over
 * the tissue it sits in (CT: blood stays within about 50-90 HU, nearer grey matter when hard);
 * noiseScale multiplies the modality's base noise (CT 5 HU, MRI 4% of white matter).
 * The lead tunes these numbers against measured CNN accuracy (README).
 */
export interface DifficultyParams {
  lesionScale: number;
  lesionContrast: number;
  noiseScale: number;
}

export function difficultyParams(difficulty: number): DifficultyParams {
  const d = Math.min(1, Math.max(0, difficulty));
  return {
    lesionScale: 1.3 - 0.8 * d,
    lesionContrast: 1 - 0.6 * d,
    noiseScale: 0.6 + 1.5 * d,
  };
}
