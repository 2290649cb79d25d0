import type { Rng } from '@/lib/random';

/** A UUID-derived UID under the 2.25 root (PS3.5 §B.2), drawn from a seeded generator so runs are reproducible. */
export function uidFromRng(rng: Rng): string {
  let value = 0n;
  for (let i = 0; i < 4; i++) value = (value << 32n) | BigInt(Math.floor(rng.next() * 2 ** 32));
  return `2.25.${value.toString()}`;
}
