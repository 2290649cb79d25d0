import {
  buildHeatmapPalette,
  buildWindowLut,
  heatmapToRgba,
  renderToRgba,
  type ColormapName,
  type LutDomain,
  type ViewTransform,
} from '@/lib/imaging/render';
import { bodyMask, thresholdedHeatToRgba } from '@/lib/imaging/heat-overlay';
import type { WindowLevel } from '@/lib/imaging/windows';
import type { ElementSize } from './use-element-size';

/** Grad-CAM style heat in [0, 1], row-major, any resolution: it is stretched over the image. */
export interface HeatmapOverlay {
  heatmap: Float32Array;
  width: number;
  height: number;
  opacity: number;
  colormap?: ColormapName;
  /**
   * Heat below this (0..1) is left transparent instead of faded in. Without it, a palette
   * fades the coldest fifth in, as a plain overlay.
   */
  threshold?: number;
  /** Colour only inside the body, a mask taken from the image itself (lib/imaging/heat-overlay). */
  bodyOnly?: boolean;
}

export interface Scene {
  image: { pixels: Float32Array; width: number; height: number } | null;
  domain: LutDomain;
  windowLevel: WindowLevel;
  invert: boolean;
  transform: ViewTransform;
  size: ElementSize;
  overlay: HeatmapOverlay | null;
}

interface Layer {
  canvas: HTMLCanvasElement;
  ctx: CanvasRenderingContext2D;
  data: ImageData;
  words: Uint32Array;
  key: readonly unknown[];
}

export interface SceneCache {
  base: Layer | null;
  heat: Layer | null;
  /** The body mask at the heat map's size, for the image it was taken from. */
  mask?: { key: readonly unknown[]; mask: Uint8Array };
}

/**
 * Smoothing: bilinear while each image pixel covers fewer than this many device pixels
 * (downsampling, or modest magnification where blocky pixels only distract); from here
 * on, nearest neighbour, so a reader zoomed in sees the real pixels whose values the
 * overlay reports, as pixel-replication modes in radiology viewers do.
 */
const CRISP_FROM_DEVICE_PX = 4;

const palettes = new Map<string, Uint32Array>();

function palette(name: ColormapName, fadeBelow: number): Uint32Array {
  let p = palettes.get(`${name}:${fadeBelow}`);
  if (!p) palettes.set(`${name}:${fadeBelow}`, (p = buildHeatmapPalette(name, fadeBelow)));
  return p;
}

function maskFor(cache: SceneCache, scene: Scene, overlay: HeatmapOverlay): Uint8Array | null {
  const { image } = scene;
  if (!overlay.bodyOnly || !image) return null;
  const key = [image.pixels, overlay.width, overlay.height];
  if (!cache.mask || !sameKey(cache.mask.key, key))
    cache.mask = { key, mask: bodyMask(image, overlay.width, overlay.height) };
  return cache.mask.mask;
}

const sameKey = (a: readonly unknown[], b: readonly unknown[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

function layerFor(layer: Layer | null, width: number, height: number): Layer | null {
  if (layer && layer.canvas.width === width && layer.canvas.height === height) return layer;
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const data = ctx.createImageData(width, height);
  return { canvas, ctx, data, words: new Uint32Array(data.data.buffer), key: [] };
}

/** Re-windows the native-resolution layer only when pixels, window or invert changed. */
function baseLayer(cache: SceneCache, scene: Scene): Layer | null {
  const { image, domain, windowLevel, invert } = scene;
  if (!image) return null;
  const layer = (cache.base = layerFor(cache.base, image.width, image.height));
  const key = [image.pixels, domain, windowLevel.width, windowLevel.center, invert];
  if (!layer || sameKey(layer.key, key)) return layer;
  const lut = buildWindowLut(domain.min, domain.max, windowLevel, invert, domain.stepsPerUnit);
  renderToRgba(image.pixels, domain.min, lut, layer.words, domain.stepsPerUnit);
  layer.ctx.putImageData(layer.data, 0, 0);
  layer.key = key;
  return layer;
}

function heatLayer(cache: SceneCache, scene: Scene): Layer | null {
  const { overlay } = scene;
  if (!overlay || overlay.heatmap.length !== overlay.width * overlay.height || overlay.heatmap.length === 0)
    return null;
  const layer = (cache.heat = layerFor(cache.heat, overlay.width, overlay.height));
  const colormap = overlay.colormap ?? 'jet';
  const mask = maskFor(cache, scene, overlay);
  const key = [overlay.heatmap, colormap, overlay.threshold, mask];
  if (!layer || sameKey(layer.key, key)) return layer;
  if (overlay.threshold === undefined && mask === null)
    heatmapToRgba(overlay.heatmap, palette(colormap, 0.2), layer.words);
  else thresholdedHeatToRgba(overlay.heatmap, palette(colormap, 0), layer.words, overlay.threshold ?? 0, mask);
  layer.ctx.putImageData(layer.data, 0, 0);
  layer.key = key;
  return layer;
}

export function drawScene(canvas: HTMLCanvasElement, scene: Scene, cache: SceneCache): void {
  const { size, transform: t, image } = scene;
  const w = Math.round(size.width * size.dpr);
  const h = Math.round(size.height * size.dpr);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) return;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.globalAlpha = 1;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, w, h);
  const base = baseLayer(cache, scene);
  if (!image || !base) return;
  const scale = size.dpr * t.zoom;
  ctx.setTransform(scale, 0, 0, scale, size.dpr * t.panX, size.dpr * t.panY);
  ctx.imageSmoothingEnabled = scale < CRISP_FROM_DEVICE_PX;
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(base.canvas, 0, 0);
  const heat = heatLayer(cache, scene);
  if (!heat || !scene.overlay) return;
  // Heat maps are coarse (a CAM is often 7x7 to 32x32): always interpolate them.
  ctx.imageSmoothingEnabled = true;
  ctx.globalAlpha = Math.min(Math.max(scene.overlay.opacity, 0), 1);
  ctx.drawImage(heat.canvas, 0, 0, heat.canvas.width, heat.canvas.height, 0, 0, image.width, image.height);
  ctx.globalAlpha = 1;
}
