import type { DecodedImage } from '@/lib/imaging/types';
import { createRng } from '@/lib/random';
import type { LabelledImage } from '@/trainer/data/types';

/**
 * A tiny learnable dataset: class 0 has a bright square in the upper left, class 1 a bright
 * disk in the lower right, both on seeded noise. 8-bit plain images ('OT') or CT in HU.
 */
export function tinyDataset(opts: {
  count: number;
  size: number;
  seed: number;
  ct?: boolean;
  classes?: number;
}): LabelledImage[] {
  const rng = createRng(opts.seed);
  const classes = opts.classes ?? 2;
  return Array.from({ length: opts.count }, (_, i) => {
    const label = i % classes;
    const { size } = opts;
    const pixels = new Float32Array(size * size);
    const cx = label === 0 ? size * 0.3 : label === 1 ? size * 0.7 : size * 0.5;
    const cy = cx;
    const r = size * 0.18;
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const inside =
          label === 1 ? (x - cx) ** 2 + (y - cy) ** 2 < r * r : Math.abs(x - cx) < r && Math.abs(y - cy) < r;
        const v = (inside ? 0.8 : 0.2) + 0.08 * rng.normal();
        pixels[y * size + x] = opts.ct ? -100 + v * 200 : Math.round(Math.min(255, Math.max(0, v * 255)));
      }
    }
    const image: DecodedImage = {
      pixels,
      width: size,
      height: size,
      modality: opts.ct ? 'CT' : 'OT',
      hounsfield: Boolean(opts.ct),
      meta: {},
    };
    return { key: `tiny-${opts.seed}-${i}`, label, image };
  });
}
