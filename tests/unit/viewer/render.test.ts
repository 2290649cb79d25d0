import { describe, expect, it } from 'vitest';
import {
  autoWindow,
  buildHeatmapPalette,
  buildWindowLut,
  dragWindow,
  fitTransform,
  heatmapToRgba,
  imageToScreen,
  lutDomain,
  pixelAt,
  renderToRgba,
  screenToImage,
  zoomAbout,
} from '@/lib/imaging/render';
import { createRng } from '@/lib/random';
import { ctWindowPresets } from '@/lib/imaging/windows';

const bytes = (words: Uint32Array): Uint8Array => new Uint8Array(words.buffer);

describe('buildWindowLut', () => {
  const min = -1024;
  const lut = buildWindowLut(min, 3071, ctWindowPresets.brain, false);
  const at = (hu: number): number => lut[hu - min];

  it('covers the integer range one entry per value', () => {
    expect(lut.length).toBe(3071 - min + 1);
  });

  it('maps the brain window W80/L40 to known greys', () => {
    expect([at(-1000), at(0), at(20), at(40), at(60), at(80), at(1000)]).toEqual([0, 0, 64, 128, 191, 255, 255]);
  });

  it('inverts symmetrically', () => {
    const inverted = buildWindowLut(min, 3071, ctWindowPresets.bone, true);
    const plain = buildWindowLut(min, 3071, ctWindowPresets.bone, false);
    expect(plain.some((g) => g > 0 && g < 255)).toBe(true);
    for (let k = 0; k < plain.length; k++) expect(plain[k] + inverted[k]).toBe(255);
  });

  it('treats a zero width as a threshold instead of dividing by zero', () => {
    const thr = buildWindowLut(0, 10, { width: 0, center: 5 }, false);
    expect(Array.from(thr)).toEqual([0, 0, 0, 0, 0, 128, 255, 255, 255, 255, 255]);
  });
});

describe('renderToRgba', () => {
  it('writes opaque grey RGBA and clamps out-of-range and NaN values', () => {
    const lut = buildWindowLut(0, 100, { width: 100, center: 50 }, false);
    const pixels = new Float32Array([0, 50, 100, -30, 500, Number.NaN]);
    const out = new Uint32Array(pixels.length);
    renderToRgba(pixels, 0, lut, out);
    const b = bytes(out);
    expect(Array.from(b.subarray(4, 8))).toEqual([128, 128, 128, 255]);
    const greys = [0, 1, 2, 3, 4, 5].map((i) => b[i * 4]);
    expect(greys).toEqual([0, 128, 255, 0, 255, 0]);
    for (let i = 0; i < pixels.length; i++) expect(b[i * 4 + 3]).toBe(255);
  });

  it('renders float images through a finer LUT', () => {
    const pixels = new Float32Array([0, 0.25, 0.5, 1]);
    const d = lutDomain(pixels);
    expect(d.stepsPerUnit).toBeGreaterThan(1000);
    const lut = buildWindowLut(d.min, d.max, { width: 1, center: 0.5 }, false, d.stepsPerUnit);
    const out = new Uint32Array(4);
    renderToRgba(pixels, d.min, lut, out, d.stepsPerUnit);
    expect([0, 1, 2, 3].map((i) => bytes(out)[i * 4])).toEqual([0, 64, 128, 255]);
  });
});

describe('lutDomain', () => {
  it('is exact for integer images and bounded for huge ranges', () => {
    expect(lutDomain(new Float32Array([-1024, 0, 3071]))).toEqual({ min: -1024, max: 3071, stepsPerUnit: 1 });
    const wide = lutDomain(new Float32Array([0, 1e7]));
    expect(Math.floor((wide.max - wide.min) * wide.stepsPerUnit) + 1).toBeLessThanOrEqual(1 << 16);
  });

  it('ignores non-finite values', () => {
    expect(lutDomain(new Float32Array([Number.NaN, 5, Infinity, 9]))).toEqual({ min: 5, max: 9, stepsPerUnit: 1 });
  });
});

describe('autoWindow', () => {
  it('spans the 0.5th to 99.5th percentile', () => {
    const pixels = Float32Array.from({ length: 10_000 }, (_, i) => i % 1000);
    const w = autoWindow(pixels);
    // Nearest rank: the 50th of 10,000 values is 4, the 9,950th is 994 (bins are ~0.5 wide).
    expect(Math.abs(w.center - w.width / 2 - 4)).toBeLessThan(1);
    expect(Math.abs(w.center + w.width / 2 - 994)).toBeLessThan(1);
  });

  it('ignores outliers a min/max window would chase', () => {
    const pixels = new Float32Array(1000).fill(100);
    for (let i = 0; i < 500; i++) pixels[i] = i % 50;
    pixels[0] = 30_000;
    const w = autoWindow(pixels);
    expect(w.center + w.width / 2).toBeLessThan(200);
  });

  it('gives a unit window for a constant image', () => {
    expect(autoWindow(new Float32Array(16).fill(7))).toEqual({ width: 1, center: 7 });
  });
});

describe('view transform', () => {
  const image = { width: 512, height: 512 };

  it('fits and centres the image', () => {
    const t = fitTransform(image, { width: 800, height: 600 });
    expect(t.zoom).toBeCloseTo(600 / 512);
    expect(t.panX).toBeCloseTo(100);
    expect(t.panY).toBeCloseTo(0);
  });

  it('screenToImage inverts imageToScreen', () => {
    const t = { zoom: 2.5, panX: -40, panY: 13 };
    const p = screenToImage(t, imageToScreen(t, { x: 100.25, y: 7 }));
    expect(p.x).toBeCloseTo(100.25);
    expect(p.y).toBeCloseTo(7);
  });

  it('zoomAbout keeps the image point under the anchor fixed, clamped or not', () => {
    const rng = createRng(42);
    for (let trial = 0; trial < 200; trial++) {
      const t = { zoom: 0.2 + rng.next() * 5, panX: rng.next() * 400 - 200, panY: rng.next() * 400 - 200 };
      const anchor = { x: rng.next() * 800, y: rng.next() * 600 };
      const factor = Math.exp(rng.normal());
      const before = screenToImage(t, anchor);
      const z = zoomAbout(t, factor, anchor, { min: 0.5, max: 4 });
      const after = screenToImage(z, anchor);
      expect(z.zoom).toBeGreaterThanOrEqual(0.5);
      expect(z.zoom).toBeLessThanOrEqual(4);
      expect(after.x).toBeCloseTo(before.x, 6);
      expect(after.y).toBeCloseTo(before.y, 6);
    }
  });

  it('pixelAt finds the pixel containing a point and nothing outside', () => {
    const pixels = Float32Array.from({ length: 12 }, (_, i) => i * 10);
    const img = { pixels, width: 4, height: 3 };
    expect(pixelAt(img, { x: 2.9, y: 1.01 })).toEqual({ x: 2, y: 1, value: 60 });
    expect(pixelAt(img, { x: 3.999, y: 2.999 })).toEqual({ x: 3, y: 2, value: 110 });
    expect(pixelAt(img, { x: -0.01, y: 0 })).toBeNull();
    expect(pixelAt(img, { x: 4, y: 0 })).toBeNull();
    expect(pixelAt(img, { x: 0, y: Number.NaN })).toBeNull();
  });
});

describe('dragWindow', () => {
  const start = { width: 80, center: 40 };

  it('widens to the right, narrows to the left, raises the level downwards', () => {
    expect(dragWindow(start, 120, 0).width).toBeCloseTo(160);
    expect(dragWindow(start, -120, 0).width).toBeCloseTo(40);
    expect(dragWindow(start, 0, 300).center).toBeCloseTo(120);
    expect(dragWindow(start, 0, -150).center).toBeCloseTo(0);
  });

  it('scales sensitivity with the window and respects the minimum width', () => {
    const bone = ctWindowPresets.bone;
    expect(dragWindow(bone, 0, 30).center - bone.center).toBeCloseTo(280);
    expect(dragWindow(start, 0, 30).center - start.center).toBeCloseTo(8);
    expect(dragWindow(start, -5000, 0, { minWidth: 1 }).width).toBe(1);
  });
});

describe('heatmap colours', () => {
  const rgba = (palette: Uint32Array, k: number): number[] => Array.from(bytes(palette.subarray(k, k + 1).slice()));

  it('jet runs from transparent blue to opaque dark red', () => {
    const jet = buildHeatmapPalette('jet');
    const [r0, g0, b0, a0] = rgba(jet, 0);
    expect([r0, g0, a0]).toEqual([0, 0, 0]);
    expect(b0).toBeGreaterThan(100);
    expect(rgba(jet, 255)).toEqual([128, 0, 0, 255]);
    expect(rgba(jet, 128)[1]).toBe(255);
  });

  it('inferno ends near pale yellow; alpha ramps over the lowest fifth', () => {
    const inferno = buildHeatmapPalette('inferno');
    expect(rgba(inferno, 255)).toEqual([0xfc, 0xff, 0xa4, 255]);
    expect(rgba(inferno, 25)[3]).toBeGreaterThan(0);
    expect(rgba(inferno, 25)[3]).toBeLessThan(255);
    expect(rgba(inferno, 51)[3]).toBe(255);
  });

  it('heatmapToRgba clamps heat into the palette', () => {
    const palette = Uint32Array.from({ length: 256 }, (_, k) => k);
    const out = new Uint32Array(4);
    heatmapToRgba(new Float32Array([-1, 0.5, 2, Number.NaN]), palette, out);
    expect(Array.from(out)).toEqual([0, 128, 255, 0]);
  });
});
