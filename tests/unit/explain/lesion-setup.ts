import * as tf from '@tensorflow/tfjs';
import type { DecodedImage } from '@/lib/imaging/types';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import type { SynthSample } from '@/lib/synth/types';
import type { BackendChoice } from '@/trainer/backend/choose-backend';
import type { LabelledImage } from '@/trainer/data/types';
import { explainImage } from '@/trainer/explain/grad-cam';
import { trainModel } from '@/trainer/train/train-model';
import { peakOf } from './fixtures';

/**
 * Does Grad-CAM point at the lesion? Synthetic CT hemorrhage slices (easy, seeded), a small
 * model trained for a few seconds, and the share of positive held-out slices whose hemorrhage
 * Grad-CAM peaks inside the lesion (dilated by 6 px; a CAM cell is 8 px here), against the
 * chance that a point drawn at random inside the skull lands there. Shared by the unit test
 * and bench/grad-cam-seeds.ts.
 */
export const lesionSize = 96;
const dilatePx = 6;
const labels = ['normal', 'hemorrhage'];
const hemorrhage = labels.indexOf('hemorrhage');

export const lesionFamilies = [
  {
    kind: 'cnn' as const,
    architecture: { stemFilters: 16, stemKernel: 3, stemStride: 2, stages: [24, 48], convsPerStage: 1 },
  },
  {
    kind: 'resnet' as const,
    architecture: { blocks: [1, 1], width: 16, stemKernel: 3, stemStride: 2, stemPool: true },
  },
];
export type LesionFamily = (typeof lesionFamilies)[number];

const ctImage = (s: SynthSample): DecodedImage => ({
  pixels: s.image,
  width: s.width,
  height: s.height,
  modality: 'CT',
  hounsfield: true,
  meta: {},
});

export interface LesionSets {
  train: LabelledImage[];
  heldOut: SynthSample[];
}

/** 320 training slices and 120 held out, always the same. */
export function lesionSets(): LesionSets {
  const opts = { size: lesionSize, difficulty: 0 };
  return {
    train: Array.from({ length: 320 }, (_, i) => {
      const s = generateCtHemorrhage(11, i, opts);
      return { key: `train-${i}`, label: labels.indexOf(s.label), image: ctImage(s) };
    }),
    heldOut: Array.from({ length: 120 }, (_, i) => generateCtHemorrhage(11, 100_000 + i, opts)),
  };
}

export interface LesionScore {
  hits: number;
  positives: number;
  /** Mean share of the intracranial area that the dilated lesion covers. */
  chance: number;
  testAccuracy: number;
  /** Tensors left behind by explaining (should be 0). */
  leakedTensors: number;
}

/** Trains one family with one seed and scores its Grad-CAM peaks on the held-out positives. */
export async function scoreLesionLocalisation(
  family: LesionFamily,
  seed: number,
  sets: LesionSets,
  backend: BackendChoice,
): Promise<LesionScore> {
  const trained = await trainModel(
    {
      labels,
      normalLabels: ['normal'],
      train: sets.train,
      test: sets.heldOut.map((s, i) => ({ key: `test-${i}`, label: labels.indexOf(s.label), image: ctImage(s) })),
    },
    {
      backend,
      config: {
        kind: family.kind,
        architecture: family.architecture,
        preprocessing: { imageSize: lesionSize },
        training: { epochs: 8, batchSize: 16, learningRate: 3e-3, patience: 20, seed },
      },
    },
  );
  const positives = sets.heldOut.filter((s) => s.label === 'hemorrhage');
  let hits = 0;
  let chance = 0;
  const before = tf.memory().numTensors;
  for (const s of positives) {
    const e = explainImage({ model: trained.model, card: trained.card }, ctImage(s), {
      classIndex: hemorrhage,
      maxSide: lesionSize,
    });
    if (e.width !== lesionSize || e.height !== lesionSize) throw new Error(`heatmap ${e.width}x${e.height}`);
    const lesion = dilate(s.mask, lesionSize, dilatePx);
    if (lesion[peakOf(e.heatmap, lesionSize).index]) hits += 1;
    const brain = intracranial(s.image, lesionSize);
    let [inBrain, inBoth] = [0, 0];
    for (let i = 0; i < brain.length; i++) {
      if (!brain[i]) continue;
      inBrain += 1;
      inBoth += lesion[i];
    }
    chance += inBoth / inBrain;
  }
  const leakedTensors = tf.memory().numTensors - before;
  trained.model.dispose();
  return {
    hits,
    positives: positives.length,
    chance: chance / positives.length,
    testAccuracy: trained.metrics.test?.accuracy ?? NaN,
    leakedTensors,
  };
}

function dilate(mask: Uint8Array, size: number, r: number): Uint8Array {
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!mask[y * size + x]) continue;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const [yy, xx] = [y + dy, x + dx];
          if (dx * dx + dy * dy <= r * r && yy >= 0 && yy < size && xx >= 0 && xx < size) out[yy * size + xx] = 1;
        }
      }
    }
  }
  return out;
}

/** Inside the skull: flood fill from the centre through everything that is neither bone nor air. */
function intracranial(hu: Float32Array, size: number): Uint8Array {
  const inside = new Uint8Array(hu.length);
  const stack = [(size >> 1) * size + (size >> 1)];
  while (stack.length > 0) {
    const i = stack.pop()!;
    if (inside[i] || hu[i] > 300 || hu[i] < -200) continue;
    inside[i] = 1;
    const [x, y] = [i % size, Math.floor(i / size)];
    if (x > 0) stack.push(i - 1);
    if (x < size - 1) stack.push(i + 1);
    if (y > 0) stack.push(i - size);
    if (y < size - 1) stack.push(i + size);
  }
  return inside;
}
