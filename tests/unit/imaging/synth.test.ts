import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { difficultyParams } from '@/lib/synth/difficulty';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import { hemorrhageSubtypes } from '@/lib/synth/hemorrhage-shapes';
import { generateMriTumor } from '@/lib/synth/mri-tumor';
import type { SynthSample } from '@/lib/synth/types';

const hash = (s: SynthSample) =>
  createHash('sha256').update(new Uint8Array(s.image.buffer)).update(s.mask).digest('hex');
const maskArea = (s: SynthSample) => s.mask.reduce((a, b) => a + b, 0);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Noise estimate: std of horizontal neighbour differences inside a flat region (brain centre), / sqrt 2. */
function noiseSigma(s: SynthSample, x0: number, y0: number, half: number): number {
  const d: number[] = [];
  for (let y = y0 - half; y < y0 + half; y++)
    for (let x = x0 - half; x < x0 + half; x++) d.push(s.image[y * s.width + x + 1] - s.image[y * s.width + x]);
  const m = mean(d);
  return Math.sqrt(mean(d.map((v) => (v - m) ** 2)) / 2);
}

describe('difficulty mapping', () => {
  it('moves lesion size and contrast down and noise up, monotonically', () => {
    const steps = [0, 0.25, 0.5, 0.75, 1].map(difficultyParams);
    for (let i = 1; i < steps.length; i++) {
      expect(steps[i].lesionScale).toBeLessThan(steps[i - 1].lesionScale);
      expect(steps[i].lesionContrast).toBeLessThan(steps[i - 1].lesionContrast);
      expect(steps[i].noiseScale).toBeGreaterThan(steps[i - 1].noiseScale);
    }
    expect(difficultyParams(7)).toEqual(difficultyParams(1));
  });
});

describe('synthetic head CT', () => {
  const samples = Array.from({ length: 16 }, (_, i) => generateCtHemorrhage(5, i, { size: 128 }));

  it('is deterministic for a seed and index, and differs for another seed', () => {
    expect(hash(generateCtHemorrhage(5, 3, { size: 128 }))).toBe(hash(samples[3]));
    expect(hash(generateCtHemorrhage(6, 3, { size: 128 }))).not.toBe(hash(samples[3]));
  });

  it('has air, skull and parenchyma at realistic HU, integers', () => {
    const s = samples[0];
    expect(s.image.every((v) => Number.isInteger(v) && v >= -1024 && v <= 3071)).toBe(true);
    expect(s.image[0]).toBeLessThan(-900); // corner: air
    const max = s.image.reduce((a, b) => Math.max(a, b), -Infinity);
    expect(max).toBeGreaterThan(700); // skull
    const centre = s.image[64 * 128 + 40]; // left hemisphere white matter
    expect(centre).toBeGreaterThan(0);
    expect(centre).toBeLessThan(60);
  });

  it('labels positives with subtypes and a blood mask at about 50-90 HU, negatives with nothing', () => {
    // 256 px: at 128 px a thin subdural is all partial volume with the skull.
    const larger = Array.from({ length: 12 }, (_, i) => generateCtHemorrhage(5, i, { size: 256 }));
    const positives = larger.filter((s) => s.label === 'hemorrhage');
    expect(positives.length).toBeGreaterThan(3);
    expect(larger.length - positives.length).toBeGreaterThan(3);
    for (const s of larger) {
      if (s.label === 'normal') {
        expect([s.subtypes, maskArea(s)]).toEqual([[], 0]);
        continue;
      }
      expect(s.subtypes.length).toBeGreaterThan(0);
      expect(s.subtypes.every((t) => (hemorrhageSubtypes as readonly string[]).includes(t))).toBe(true);
      // Median: mask pixels next to the skull pick up bone through the scanner blur.
      const blood = [...s.mask.keys()]
        .filter((i) => s.mask[i])
        .map((i) => s.image[i])
        .sort((a, b) => a - b);
      const median = blood[blood.length >> 1];
      expect(median).toBeGreaterThan(45);
      expect(median).toBeLessThan(95);
    }
  });

  it('makes lesions smaller and noise stronger as difficulty rises', () => {
    const at = (d: number) =>
      Array.from({ length: 24 }, (_, i) => generateCtHemorrhage(8, i, { size: 128, difficulty: d }));
    const easy = at(0);
    const hard = at(1);
    const areas = (xs: SynthSample[]) => mean(xs.filter((s) => s.label === 'hemorrhage').map(maskArea));
    expect(areas(hard)).toBeLessThan(areas(easy));
    expect(noiseSigma(hard[1], 64, 64, 6)).toBeGreaterThan(noiseSigma(easy[1], 64, 64, 6));
  });
});

describe('synthetic brain MRI', () => {
  it('cycles the four classes, with masks only for tumours, deterministically', () => {
    const samples = Array.from({ length: 8 }, (_, i) => generateMriTumor(2, i, { size: 96 }));
    expect(samples.map((s) => s.label)).toEqual([
      'glioma',
      'meningioma',
      'pituitary',
      'notumor',
      'glioma',
      'meningioma',
      'pituitary',
      'notumor',
    ]);
    for (const s of samples) {
      expect(maskArea(s) > 0).toBe(s.label !== 'notumor');
      expect(s.image.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)).toBe(true);
    }
    expect(hash(generateMriTumor(2, 5, { size: 96 }))).toBe(hash(samples[5]));
  });

  it('puts pituitary tumours near the midline', () => {
    const centroidX = (s: SynthSample) =>
      mean([...s.mask.keys()].filter((i) => s.mask[i]).map((i) => (i % s.width) / s.width - 0.5));
    for (let i = 0; i < 6; i++) {
      const pit = generateMriTumor(4, 4 * i + 2, { size: 96, difficulty: 0 });
      expect(Math.abs(centroidX(pit))).toBeLessThan(0.12);
    }
  });
});
