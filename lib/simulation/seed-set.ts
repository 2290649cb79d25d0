import { AppError } from '@/lib/errors/app-error';
import type { Rng } from '@/lib/random';

const fraction = (x: number) => x - Math.floor(x);

/**
 * Per-class quotas summing to `count`, proportional to the class sizes (largest remainder),
 * with at least one example of every class when count allows, so the first model sees every class.
 */
export function stratifiedQuotas(classSizes: readonly number[], count: number): number[] {
  const total = classSizes.reduce((a, b) => a + b, 0);
  if (count > total)
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `a seed set of ${count} needs ${count} examples; the pool has ${total}`,
    });
  const exact = classSizes.map((n) => (n * count) / total);
  const everyClass = count >= classSizes.filter((n) => n > 0).length;
  const quotas = exact.map((q, c) => (everyClass && classSizes[c] > 0 ? Math.max(1, Math.floor(q)) : Math.floor(q)));
  // Largest remainder first; ties to the lower class index.
  const order = classSizes.map((_, c) => c).sort((a, b) => fraction(exact[b]) - fraction(exact[a]) || a - b);
  let left = count - quotas.reduce((a, b) => a + b, 0);
  while (left > 0) {
    for (const c of order) {
      if (left > 0 && quotas[c] < classSizes[c]) {
        quotas[c]++;
        left--;
      }
    }
  }
  // The one-per-class minimum can overshoot: take back from the largest quotas.
  while (left < 0) {
    quotas[quotas.indexOf(Math.max(...quotas))]--;
    left++;
  }
  return quotas;
}

/** A stratified random seed set: `count` indices into `labels` (ascending), drawn with `rng`. */
export function pickSeedSet(labels: readonly number[], count: number, rng: Rng): number[] {
  const classCount = labels.reduce((m, y) => Math.max(m, y + 1), 0);
  const byClass = Array.from({ length: classCount }, () => [] as number[]);
  labels.forEach((y, i) => byClass[y].push(i));
  const quotas = stratifiedQuotas(
    byClass.map((c) => c.length),
    count,
  );
  return byClass.flatMap((idx, c) => rng.shuffle(idx).slice(0, quotas[c])).sort((a, b) => a - b);
}
