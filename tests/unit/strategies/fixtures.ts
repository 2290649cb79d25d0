import { createRng } from '@/lib/random';
import { modelKinds, type ModelKind, type ModelScores, type ScanScores } from '@/lib/strategies/types';

export const LABELS = ['glioma', 'meningioma', 'pituitary', 'no tumour'];

/** A scan whose every model kind says the same thing. */
export function sameForAll(scanId: string, lastServedAt: number | null, scores: ModelScores): ScanScores {
  return { scanId, lastServedAt, byModel: Object.fromEntries(modelKinds.map((kind) => [kind, scores])) };
}

export function byKind(
  scanId: string,
  lastServedAt: number | null,
  byModel: Partial<Record<ModelKind, ModelScores>>,
): ScanScores {
  return { scanId, lastServedAt, byModel };
}

function randomDistribution(next: () => number, k: number): number[] {
  const raw = Array.from({ length: k }, () => next() + 1e-3);
  const sum = raw.reduce((a, b) => a + b, 0);
  return raw.map((x) => x / sum);
}

/**
 * Seeded scans with everything a strategy may need, plus the awkward cases: scans
 * scored by one kind only, scans with nothing yet, never-served scans and duplicated
 * served times.
 */
export function randomScans(n: number, seed: number): ScanScores[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, (_, i) => {
    const byModel: ScanScores['byModel'] = {};
    const shape = rng.int(10);
    const kinds = shape === 0 ? [] : shape === 1 ? ['CNN' as const] : modelKinds;
    for (const kind of kinds) {
      byModel[kind] = {
        probabilities: randomDistribution(rng.next, 4),
        mcSamples: Array.from({ length: 5 }, () => randomDistribution(rng.next, 4)),
        embedding: Array.from({ length: 8 }, () => rng.normal()),
      };
    }
    const lastServedAt = rng.next() < 0.3 ? null : 1_000 * rng.int(20);
    return { scanId: `s${String(i).padStart(3, '0')}`, lastServedAt, byModel };
  });
}
