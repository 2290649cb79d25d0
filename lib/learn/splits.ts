import { seededUnit, type Rng } from '@/lib/random';

function indicesByClass(labels: readonly number[]): Map<number, number[]> {
  const byClass = new Map<number, number[]>();
  labels.forEach((y, i) => byClass.set(y, [...(byClass.get(y) ?? []), i]));
  return byClass;
}

/**
 * Per class, in label order: `take` orders the class's examples and says how many of the first
 * go to the held-out side.
 */
function holdOutByClass(
  labels: readonly number[],
  take: (idx: number[]) => { order: number[]; count: number },
): { train: number[]; holdout: number[] } {
  const train: number[] = [];
  const holdout: number[] = [];
  for (const [, idx] of [...indicesByClass(labels)].sort((a, b) => a[0] - b[0])) {
    const { order, count } = take(idx);
    holdout.push(...order.slice(0, count));
    train.push(...order.slice(count));
  }
  return { train: train.sort((a, b) => a - b), holdout: holdout.sort((a, b) => a - b) };
}

/** At least one held out and one kept of a class with two or more; none held out of a single one. */
const heldOutCount = (size: number, wanted: number) => (size < 2 ? 0 : Math.min(size - 1, Math.max(1, wanted)));

/**
 * Stratified hold-out: about `fraction` of each class goes to the held-out side, at least one
 * example of every class with two or more, so validation sees every class it can.
 */
export function stratifiedSplit(
  labels: readonly number[],
  fraction: number,
  rng: Rng,
): { train: number[]; holdout: number[] } {
  return holdOutByClass(labels, (idx) => ({
    order: rng.shuffle(idx),
    count: heldOutCount(idx.length, Math.round(idx.length * fraction)),
  }));
}

/**
 * A hold-out that stays put as examples are added: an example is held out when a hash of its key
 * falls below `fraction`, whatever else is in the set, so one held out once stays held out (a
 * model warm-started from one trained on an earlier set never validates on what it trained on).
 * Per class, at least one example of every class with two or more is held out, and at least one
 * stays in training (the lowest and highest hashes decide).
 */
export function stableHoldout(
  keys: readonly string[],
  labels: readonly number[],
  fraction: number,
  seed: number,
): { train: number[]; holdout: number[] } {
  return holdOutByClass(labels, (idx) => {
    const u = new Map(idx.map((i) => [i, seededUnit(seed, keys[i])]));
    const order = [...idx].sort((a, b) => u.get(a)! - u.get(b)!);
    return { order, count: heldOutCount(idx.length, order.filter((i) => u.get(i)! < fraction).length) };
  });
}

/** Stratified K folds: each class is shuffled and dealt round-robin, so fold class mixes differ by at most one. */
export function stratifiedKFold(labels: readonly number[], k: number, rng: Rng): number[][] {
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const [, idx] of [...indicesByClass(labels)].sort((a, b) => a[0] - b[0])) {
    for (const i of rng.shuffle(idx)) folds[next++ % k].push(i);
  }
  return folds.map((f) => f.sort((a, b) => a - b));
}

/** Balanced class weights (scikit-learn): n / (k * n_c); absent classes get 0. */
export function balancedClassWeights(labels: readonly number[], classCount: number): number[] {
  const counts = new Array<number>(classCount).fill(0);
  for (const y of labels) counts[y]++;
  const present = counts.filter((c) => c > 0).length;
  return counts.map((c) => (c ? labels.length / (present * c) : 0));
}

/**
 * At most about `max` of `items`, each class keeping its share (and at least 2 of its items,
 * where it has them), drawn with `rng`; all of them when there are no more than `max`.
 */
export function stratifiedSample<T>(items: readonly T[], labelOf: (item: T) => number, max: number, rng: Rng): T[] {
  if (items.length <= max) return [...items];
  const share = max / items.length;
  const byClass = new Map<number, T[]>();
  for (const item of items) {
    const c = labelOf(item);
    const mine = byClass.get(c);
    if (mine) mine.push(item);
    else byClass.set(c, [item]);
  }
  return [...byClass.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([, mine]) => rng.shuffle(mine).slice(0, Math.max(2, Math.round(mine.length * share))));
}
