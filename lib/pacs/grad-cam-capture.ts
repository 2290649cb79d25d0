import { autoWindow } from '@/lib/imaging/render';
import type { DecodedImage } from '@/lib/imaging/types';
import { applyWindow, ctWindowPresets } from '@/lib/imaging/windows';
import { drawText, GLYPH_HEIGHT, textWidth } from './bitmap-font';

/** A Grad-CAM heatmap in [0, 1], laid over the whole scan (the explain queue's heatmap file). */
export interface CaptureHeatmap {
  width: number;
  height: number;
  heatmap: Float32Array;
}

/** An 8-bit RGB raster, 3 bytes a pixel, row-major: the pixels of a secondary capture. */
export interface CaptureRaster {
  rgb: Uint8Array;
  width: number;
  height: number;
  /** Rows of the slice; the legend band lies below them. */
  imageRows: number;
}

/** The smallest side the slice is enlarged to (whole pixels), so that the burned-in legend stays legible. */
const MIN_SIDE = 512;
/** Heat below this leaves the slice untouched: a viewer reads the overlay as "where the model looked". */
const HEAT_FLOOR = 0.15;
const MAX_ALPHA = 0.55;

/**
 * The capture's colour map, bright blue (low) through green and yellow to bright red (high): the
 * middle three quarters of "jet". Its own, independent of the viewer's overlay colours.
 */
export function heatColour(v: number): [number, number, number] {
  const c = (x: number) => Math.round(255 * Math.min(1, Math.max(0, x)));
  const t = 0.125 + 0.75 * Math.min(1, Math.max(0, v));
  return [c(1.5 - Math.abs(4 * t - 3)), c(1.5 - Math.abs(4 * t - 2)), c(1.5 - Math.abs(4 * t - 1))];
}

function sampleHeat(h: CaptureHeatmap, u: number, v: number): number {
  // Bilinear, at the heatmap's pixel centres (the heatmap is stretched over the whole scan).
  const x = Math.min(h.width - 1, Math.max(0, u * h.width - 0.5));
  const y = Math.min(h.height - 1, Math.max(0, v * h.height - 0.5));
  const x0 = Math.floor(x);
  const y0 = Math.floor(y);
  const x1 = Math.min(h.width - 1, x0 + 1);
  const y1 = Math.min(h.height - 1, y0 + 1);
  const fx = x - x0;
  const fy = y - y0;
  const at = (xx: number, yy: number) => h.heatmap[yy * h.width + xx];
  const top = at(x0, y0) * (1 - fx) + at(x1, y0) * fx;
  const bottom = at(x0, y1) * (1 - fx) + at(x1, y1) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * The slice (CT under the brain window, other images auto-windowed, MONOCHROME1 inverted) with
 * the heatmap blended over it where it is warm, and a legend band burned in below: what the map
 * explains, the colour scale from low to high, and that it is not for diagnosis.
 */
export function renderGradCamCapture(
  image: DecodedImage,
  heat: CaptureHeatmap,
  legend: { label: string; model: string },
): CaptureRaster {
  const zoom = Math.max(1, Math.floor(MIN_SIDE / Math.max(image.width, image.height)));
  const width = image.width * zoom;
  const imageRows = image.height * zoom;
  const s = Math.max(1, Math.round(width / 256));
  const bandRows = 46 * s;
  const height = imageRows + bandRows;
  const rgb = new Uint8Array(width * height * 3);

  const window = image.hounsfield ? ctWindowPresets.brain : (image.window ?? autoWindow(image.pixels));
  const invert = image.meta.PhotometricInterpretation === 'MONOCHROME1';
  for (let y = 0; y < imageRows; y++) {
    const sy = Math.floor(y / zoom);
    for (let x = 0; x < width; x++) {
      const sx = Math.floor(x / zoom);
      const g0 = Math.round(255 * applyWindow(image.pixels[sy * image.width + sx], window));
      const g = invert ? 255 - g0 : g0;
      const h = sampleHeat(heat, (x + 0.5) / width, (y + 0.5) / imageRows);
      const o = (y * width + x) * 3;
      if (!(h > HEAT_FLOOR)) {
        rgb[o] = rgb[o + 1] = rgb[o + 2] = g;
        continue;
      }
      const a = MAX_ALPHA * Math.min(1, h);
      const c = heatColour(Math.min(1, h));
      for (let k = 0; k < 3; k++) rgb[o + k] = Math.round(g * (1 - a) + c[k] * a);
    }
  }

  const white: [number, number, number] = [255, 255, 255];
  const pad = 4 * s;
  const line = (GLYPH_HEIGHT + 4) * s;
  drawText(rgb, width, height, `GRAD-CAM: ${legend.label}`, {
    left: pad,
    top: imageRows + pad,
    scale: s,
    colour: white,
  });
  drawText(rgb, width, height, legend.model, { left: pad, top: imageRows + pad + line, scale: s, colour: white });
  const barTop = imageRows + pad + 2 * line;
  const barLeft = pad + textWidth('LOW', s) + pad;
  const barRight = width - pad - textWidth('HIGH', s) - pad;
  for (let x = barLeft; x < barRight; x++) {
    const c = heatColour((x - barLeft) / Math.max(1, barRight - barLeft - 1));
    for (let y = barTop; y < barTop + 6 * s; y++) rgb.set(c, (y * width + x) * 3);
  }
  const labelTop = barTop + 3 * s - Math.floor((GLYPH_HEIGHT * s) / 2);
  drawText(rgb, width, height, 'LOW', { left: pad, top: labelTop, scale: s, colour: white });
  drawText(rgb, width, height, 'HIGH', { left: barRight + pad, top: labelTop, scale: s, colour: white });
  drawText(rgb, width, height, 'NOT FOR DIAGNOSTIC USE', {
    left: pad,
    top: barTop + 6 * s + 3 * s,
    scale: s,
    colour: [200, 200, 200],
  });
  return { rgb, width, height, imageRows };
}
