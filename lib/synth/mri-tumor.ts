import type { Rng } from '@/lib/random';
import { difficultyParams, type DifficultyParams } from './difficulty';
import { binomialBlur, coverage, smoothNoise } from './fields';
import { atSellarLevel, sampleHeadAnatomy, toHead, unitsPerPixel, type HeadAnatomy } from './head-anatomy';
import { rasterizeHead } from './head-tissue';
import {
  gliomaShape,
  meningiomaShape,
  mriTumourClasses,
  pituitaryShape,
  type MriTumourClass,
  type TumourShape,
} from './mri-tumour-shapes';
import { paintLesion, tissueImage, type SliceCanvas } from './paint';
import { sampleRng, uniform } from './sample-seed';
import type { SynthSample } from './types';

export interface MriTumorOptions {
  /** Pixels per side (the public set's slices are 256-512). */
  size?: number;
  difficulty?: number;
}

/** Base MRI noise as a fraction of white matter, before the difficulty's noiseScale. */
const baseNoiseFraction = 0.04;
const whiteMatter = 122;

/** How often each class is drawn at the sellar level, so the level alone does not give the class away. */
const sellarFraction: Record<MriTumourClass, number> = { glioma: 0.15, meningioma: 0.15, pituitary: 1, notumor: 0.3 };

/**
 * Sample `index`: a T1 post-contrast-like axial slice, 0..255 integers. Classes cycle
 * glioma, meningioma, pituitary, notumor, so any run of four is balanced.
 */
export function generateMriTumor(seed: number, index: number, opts: MriTumorOptions = {}): SynthSample {
  const size = opts.size ?? 256;
  const p = difficultyParams(opts.difficulty ?? 0.5);
  const label = mriTumourClasses[index % mriTumourClasses.length];
  const rng = sampleRng(seed, index, 1);
  const base = sampleHeadAnatomy(rng);
  const head = rng.next() < sellarFraction[label] ? atSellarLevel(base) : base;
  const tissues = rasterizeHead(head, size);
  const gain = uniform(rng, 0.85, 1.15);
  const image = tissueImage(
    tissues,
    [0, 170, 20, 135, 30, 92, whiteMatter, 100].map((v) => v * gain),
  );
  const mask = new Uint8Array(size * size);
  binomialBlur(image, size);
  if (label !== 'notumor') paintTumour(label, { image, mask, tissues, head, size }, rng, p);
  finishMri(image, size, rng, p);
  return { image, mask, label, subtypes: [], width: size, height: size };
}

function paintTumour(label: Exclude<MriTumourClass, 'notumor'>, c: SliceCanvas, rng: Rng, p: DifficultyParams): void {
  const { image, mask, tissues, head, size } = c;
  const shape =
    label === 'glioma'
      ? gliomaShape(head, rng, p.lesionScale)
      : label === 'meningioma'
        ? meningiomaShape(head, rng, p.lesionScale)
        : pituitaryShape(head, rng, p.lesionScale);
  const sd = signedDistanceImage(shape, head, size);
  const texture = smoothNoise(rng, size, 40);
  const toward = (current: number, target: number) => current + p.lesionContrast * (target - current);
  const scratch = new Uint8Array(mask.length);
  if (label === 'glioma') {
    const edema = shellCover(sd, 0, shape.radius * 0.6, unitsPerPixel(head, size));
    paintLesion(image, scratch, tissues, edema, (_i, cur) => toward(cur, cur * 0.72));
  } else {
    const cleft = shellCover(sd, 0, 0.012, unitsPerPixel(head, size));
    paintLesion(image, scratch, tissues, cleft, (_i, cur) => toward(cur, 30));
  }
  const inside = shellCover(sd, -Infinity, 0, unitsPerPixel(head, size));
  const rim = shape.radius * 0.3;
  paintLesion(image, mask, tissues, inside, (i, cur) => {
    const target = label === 'glioma' ? (sd[i] > -rim ? 185 : 55) : label === 'meningioma' ? 175 : 160;
    return toward(cur, target * (1 + 0.08 * texture[i]));
  });
}

function signedDistanceImage(shape: TumourShape, head: HeadAnatomy, size: number): Float32Array {
  const out = new Float32Array(size * size);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const [u, v] = toHead(head, size, px, py);
      out[py * size + px] = shape.sd(u, v);
    }
  }
  return out;
}

/** Coverage of the band lo < sd < hi (head units), with partial volume at both edges. */
function shellCover(sd: Float32Array, lo: number, hi: number, perPixel: number): Float32Array {
  const out = new Float32Array(sd.length);
  for (let i = 0; i < sd.length; i++) {
    const outer = coverage((sd[i] - hi) / perPixel);
    const inner = lo === -Infinity ? 0 : coverage((sd[i] - lo) / perPixel);
    out[i] = Math.max(0, outer - inner);
  }
  return out;
}

/** Coil bias field and Rician noise (the magnitude of complex Gaussian noise). */
function finishMri(image: Float32Array, size: number, rng: Rng, p: DifficultyParams): void {
  const bias = smoothNoise(rng, size, 3);
  for (let i = 0; i < image.length; i++) image[i] *= 1 + 0.12 * bias[i];
  const sigma = baseNoiseFraction * whiteMatter * p.noiseScale;
  for (let i = 0; i < image.length; i++) {
    const re = image[i] + rng.normal() * sigma;
    const im = rng.normal() * sigma;
    image[i] = Math.min(255, Math.round(Math.hypot(re, im)));
  }
}
