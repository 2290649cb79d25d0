import { applyWindow, type WindowLevel } from './windows';

/**
 * Pure helpers behind the scan viewer: window LUTs, greyscale and heatmap RGBA, and the
 * zoom/pan transform (screen CSS px = image px * zoom + pan). Pixel (i, j) covers
 * [i, i + 1) x [j, j + 1) in image coordinates.
 */

export interface Point {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}
export interface ViewTransform {
  zoom: number;
  panX: number;
  panY: number;
}
export interface PixelSample {
  x: number;
  y: number;
  value: number;
}

/** LUT entry k stands for value min + k / stepsPerUnit. */
export interface LutDomain {
  min: number;
  max: number;
  stepsPerUnit: number;
}

const MAX_INTEGER_LUT = 1 << 16;
const FLOAT_LUT = 4096;

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Packs RGBA bytes into one ImageData word in this machine's byte order. */
function packRgba(r: number, g: number, b: number, a: number): number {
  return littleEndian ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

const OPAQUE = packRgba(0, 0, 0, 255);
const GREY_UNIT = packRgba(1, 1, 1, 0);

function finiteRange(pixels: Float32Array): { min: number; max: number; integral: boolean } {
  let min = Infinity;
  let max = -Infinity;
  let integral = true;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    if (!(v > -Infinity && v < Infinity)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    if (integral && v - Math.floor(v) > 0) integral = false;
  }
  return min <= max ? { min, max, integral } : { min: 0, max: 0, integral: true };
}

/** One LUT entry per value for integer images (exact); a fixed resolution for float or huge ranges. */
export function lutDomain(pixels: Float32Array): LutDomain {
  const { min, max, integral } = finiteRange(pixels);
  const range = max - min;
  if (range === 0 || (integral && range < MAX_INTEGER_LUT)) return { min, max, stepsPerUnit: 1 };
  return { min, max, stepsPerUnit: ((integral ? MAX_INTEGER_LUT : FLOAT_LUT) - 1) / range };
}

/** Grey level (0..255) for every LUT entry over [min, max] under a window, optionally inverted. */
export function buildWindowLut(
  min: number,
  max: number,
  wl: WindowLevel,
  invert: boolean,
  stepsPerUnit = 1,
): Uint8Array {
  const lut = new Uint8Array(Math.floor((max - min) * stepsPerUnit) + 1);
  const safe = { width: Math.max(wl.width, 1e-9), center: wl.center };
  for (let k = 0; k < lut.length; k++) {
    const grey = Math.round(255 * applyWindow(min + k / stepsPerUnit, safe));
    lut[k] = invert ? 255 - grey : grey;
  }
  return lut;
}

/** One pass over the image: value -> LUT grey -> opaque RGBA word. Out-of-domain and NaN values clamp. */
export function renderToRgba(
  pixels: Float32Array,
  min: number,
  lut: Uint8Array,
  out: Uint32Array,
  stepsPerUnit = 1,
): void {
  const last = lut.length - 1;
  const n = Math.min(pixels.length, out.length);
  for (let i = 0; i < n; i++) {
    const x = (pixels[i] - min) * stepsPerUnit;
    const k = x <= 0 ? 0 : x >= last ? last : (x + 0.5) | 0;
    out[i] = OPAQUE | (lut[k] * GREY_UNIT);
  }
}

/** Window spanning the [low, high] quantiles of the finite values (histogram, so O(n)). */
export function autoWindow(pixels: Float32Array, low = 0.005, high = 0.995): WindowLevel {
  const { min, max } = finiteRange(pixels);
  if (max === min) return { width: 1, center: min };
  const bins = 2048;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  let total = 0;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    if (!(v >= min && v <= max)) continue;
    hist[Math.round((v - min) * scale)]++;
    total++;
  }
  const valueAt = (fraction: number): number => {
    const target = fraction * total;
    let seen = 0;
    for (let b = 0; b < bins; b++) {
      seen += hist[b];
      if (seen >= target) return min + b / scale;
    }
    return max;
  };
  const lo = valueAt(low);
  const hi = Math.max(valueAt(high), lo + 1 / scale);
  return { width: hi - lo, center: (lo + hi) / 2 };
}

/** Largest whole-image view, centred. */
export function fitTransform(image: Size, view: Size): ViewTransform {
  const zoom = Math.max(Math.min(view.width / image.width, view.height / image.height), 1e-6);
  return { zoom, panX: (view.width - image.width * zoom) / 2, panY: (view.height - image.height * zoom) / 2 };
}

export function screenToImage(t: ViewTransform, p: Point): Point {
  return { x: (p.x - t.panX) / t.zoom, y: (p.y - t.panY) / t.zoom };
}

export function imageToScreen(t: ViewTransform, p: Point): Point {
  return { x: p.x * t.zoom + t.panX, y: p.y * t.zoom + t.panY };
}

/** Zooms by factor (clamped to limits) keeping the image point under the screen anchor fixed. */
export function zoomAbout(
  t: ViewTransform,
  factor: number,
  anchor: Point,
  limits: { min: number; max: number },
): ViewTransform {
  const zoom = Math.min(Math.max(t.zoom * factor, limits.min), limits.max);
  const k = zoom / t.zoom;
  return { zoom, panX: anchor.x - (anchor.x - t.panX) * k, panY: anchor.y - (anchor.y - t.panY) * k };
}

export function panBy(t: ViewTransform, dx: number, dy: number): ViewTransform {
  return { zoom: t.zoom, panX: t.panX + dx, panY: t.panY + dy };
}

/** The pixel containing an image-space point, or null outside the image. */
export function pixelAt(image: { pixels: Float32Array; width: number; height: number }, p: Point): PixelSample | null {
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  if (!(x >= 0 && y >= 0 && x < image.width && y < image.height)) return null;
  return { x, y, value: image.pixels[y * image.width + x] };
}

export interface WindowDragOptions {
  /** Horizontal drag that doubles (right) or halves (left) the width. */
  pxPerDoubling?: number;
  /** Vertical drag that moves the level by one starting width. */
  pxPerWidth?: number;
  /** Narrowest width allowed (1 for integer data, one LUT step for float data). */
  minWidth?: number;
}

/**
 * Right-drag window/level as Cornerstone/OHIF map it (right = wider, down = higher level,
 * so darker), with sensitivity proportional to the starting width rather than to the
 * image's dynamic range: a 40 HU stroke window and a 2800 HU bone window both respond
 * usefully to the same hand movement.
 */
export function dragWindow(start: WindowLevel, dx: number, dy: number, options: WindowDragOptions = {}): WindowLevel {
  const { pxPerDoubling = 120, pxPerWidth = 300, minWidth = 1 } = options;
  const width = Math.max(start.width * 2 ** (dx / pxPerDoubling), minWidth);
  return { width, center: start.center + (dy / pxPerWidth) * start.width };
}

export type ColormapName = 'jet' | 'inferno' | 'viridis';

/**
 * viridisLite::viridis(10): perceptually uniform, ordered by lightness and readable by
 * colour-blind readers, so "more yellow" always means "more evidence".
 */
export const viridisHexStops = [
  '440154',
  '482878',
  '3e4989',
  '31688e',
  '26828e',
  '1f9e89',
  '35b779',
  '6ece58',
  'b5de2b',
  'fde725',
] as const;

const hexToRgb = (hex: string): number[] => [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
const viridisStops = viridisHexStops.map(hexToRgb);

// viridisLite::inferno(10); interpolated linearly between stops.
const infernoStops = [
  '000004',
  '1b0c42',
  '4b0c6b',
  '781c6d',
  'a52c60',
  'cf4446',
  'ed6925',
  'fb9a06',
  'f7d03c',
  'fcffa4',
].map((hex) => [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)));

function colormapRgb(name: ColormapName, v: number): [number, number, number] {
  if (name === 'jet') {
    const ramp = (c: number): number => Math.round(255 * Math.min(Math.max(1.5 - Math.abs(4 * v - c), 0), 1));
    return [ramp(3), ramp(2), ramp(1)];
  }
  const stops = name === 'viridis' ? viridisStops : infernoStops;
  const pos = v * (stops.length - 1);
  const i = Math.min(Math.floor(pos), stops.length - 2);
  const f = pos - i;
  const [a, b] = [stops[i], stops[i + 1]];
  return [0, 1, 2].map((c) => Math.round(a[c] + (b[c] - a[c]) * f)) as [number, number, number];
}

/**
 * 256 RGBA words for heat values 0..1. Alpha ramps from 0 at heat 0 to opaque at fadeBelow,
 * so cold regions do not tint the whole scan; overall opacity is applied when drawing.
 */
export function buildHeatmapPalette(name: ColormapName, fadeBelow = 0.2): Uint32Array {
  const palette = new Uint32Array(256);
  for (let k = 0; k < 256; k++) {
    const v = k / 255;
    const [r, g, b] = colormapRgb(name, v);
    const alpha = fadeBelow > 0 ? Math.min(v / fadeBelow, 1) : 1;
    palette[k] = packRgba(r, g, b, Math.round(255 * alpha));
  }
  return palette;
}

/** Heat values (expected in [0, 1], clamped) to RGBA words through a palette. */
export function heatmapToRgba(heat: Float32Array, palette: Uint32Array, out: Uint32Array): void {
  const n = Math.min(heat.length, out.length);
  for (let i = 0; i < n; i++) {
    const x = heat[i] * 255;
    out[i] = palette[x <= 0 ? 0 : x >= 255 ? 255 : (x + 0.5) | 0];
  }
}
