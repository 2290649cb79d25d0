import type { Rng } from '@/lib/random';
import { difficultyParams, type DifficultyParams } from './difficulty';
import { binomialBlur, correlatedNoise, smoothNoise } from './fields';
import { hemorrhageCoverage, hemorrhageSubtypes, type HemorrhageSubtype } from './hemorrhage-shapes';
import { sampleHeadAnatomy, tissue } from './head-anatomy';
import { rasterizeHead } from './head-tissue';
import { paintLesion, tissueImage, type SliceCanvas } from './paint';
import { sampleRng, uniform } from './sample-seed';
import type { SynthSample } from './types';

export interface CtHemorrhageOptions {
  /** Matrix size (pixels per side); 512 like a clinical head CT. */
  size?: number;
  difficulty?: number;
  /** Fraction of hemorrhage-positive slices. */
  positiveFraction?: number;
}

/** Base CT noise (HU, one standard deviation) before the difficulty's noiseScale. */
const baseNoiseHu = 5;
const subtypeWeights = [0.08, 0.25, 0.27, 0.22, 0.18];

/**
 * Sample `index` of a seeded run: an axial head CT slice in integer HU (-1024..3071) with
 * skull, grey/white matter, ventricles, sulci and scanner noise; positives carry 1-3
 * hemorrhage subtypes at 50-90 HU and their union as the mask.
 */
export function generateCtHemorrhage(seed: number, index: number, opts: CtHemorrhageOptions = {}): SynthSample {
  const size = opts.size ?? 512;
  const p = difficultyParams(opts.difficulty ?? 0.5);
  const rng = sampleRng(seed, index);
  const positive = rng.next() < (opts.positiveFraction ?? 0.5);
  const head = sampleHeadAnatomy(rng);
  const tissues = rasterizeHead(head, size);
  const image = baseHu(tissues, size, rng);
  const mask = new Uint8Array(size * size);
  // Anatomy is blurred before blood goes in: lesions carry their own partial-volume edges, and
  // blood against the skull keeps blood density instead of borrowing bone through the blur.
  binomialBlur(image, size);
  const subtypes = positive ? paintHemorrhages({ image, mask, tissues, head, size }, rng, p) : [];
  const noise = correlatedNoise(rng, size, baseNoiseHu * p.noiseScale);
  // + 0 turns Math.round's -0 into 0: a scanner stores integers, and -0 would not round-trip.
  for (let i = 0; i < image.length; i++)
    image[i] = Math.min(3071, Math.max(-1024, Math.round(image[i] + noise[i]))) + 0;
  return { image, mask, label: positive ? 'hemorrhage' : 'normal', subtypes, width: size, height: size };
}

function baseHu(tissues: Uint8Array, size: number, rng: Rng): Float32Array {
  const values = [
    -1000,
    25,
    uniform(rng, 1200, 1600),
    uniform(rng, 450, 750),
    uniform(rng, 3, 9),
    uniform(rng, 36, 42),
    uniform(rng, 24, 30),
    uniform(rng, 34, 40),
  ];
  const image = tissueImage(tissues, values);
  const texture = smoothNoise(rng, size, 24);
  for (let i = 0; i < image.length; i++) {
    const t = tissues[i];
    if (t === tissue.bone || t === tissue.marrow) image[i] += 150 * texture[i];
    else if (t !== tissue.air) image[i] += 1.5 * texture[i];
  }
  return image;
}

function paintHemorrhages(c: SliceCanvas, rng: Rng, p: DifficultyParams): HemorrhageSubtype[] {
  const subtypes = pickSubtypes(rng);
  for (const kind of subtypes) {
    // A lesion that lands nowhere visible is redrawn, so a 'hemorrhage' label always has blood.
    for (let attempt = 0; attempt < 6; attempt++) {
      const cover = hemorrhageCoverage(kind, c.head, c.tissues, c.size, rng, p);
      const target = kind === 'subarachnoid' ? uniform(rng, 55, 75) : uniform(rng, 60, 90);
      const blood = 40 + p.lesionContrast * (target - 40);
      if (paintLesion(c.image, c.mask, c.tissues, cover, () => blood) > 4) break;
    }
  }
  return subtypes;
}

function pickSubtypes(rng: Rng): HemorrhageSubtype[] {
  const r = rng.next();
  const count = r < 0.6 ? 1 : r < 0.9 ? 2 : 3;
  const pool = [...hemorrhageSubtypes];
  const weights = [...subtypeWeights];
  const chosen: HemorrhageSubtype[] = [];
  while (chosen.length < count) {
    const total = weights.reduce((a, b) => a + b, 0);
    let x = rng.next() * total;
    let k = 0;
    while (k < pool.length - 1 && (x -= weights[k]) >= 0) k++;
    chosen.push(pool[k]);
    pool.splice(k, 1);
    weights.splice(k, 1);
  }
  return chosen.sort((a, b) => hemorrhageSubtypes.indexOf(a) - hemorrhageSubtypes.indexOf(b));
}
