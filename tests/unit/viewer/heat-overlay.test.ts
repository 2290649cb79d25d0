import { describe, expect, it } from 'vitest';
import { bodyMask, otsuThreshold, thresholdedHeatToRgba } from '@/lib/imaging/heat-overlay';
import { buildHeatmapPalette } from '@/lib/imaging/render';

/** A 20x20 "head": air (-1000) around a ring of bone (800) holding brain (40) and a dark ventricle (5). */
function head(): { pixels: Float32Array; width: number; height: number } {
  const [width, height] = [20, 20];
  const pixels = new Float32Array(width * height).fill(-1000);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const r = Math.hypot(x - 9.5, y - 9.5);
      if (r < 8) pixels[y * width + x] = r > 6.5 ? 800 : r < 2 ? 5 : 40;
    }
  return { pixels, width, height };
}

describe('the Grad-CAM overlay', () => {
  it("splits air from body with Otsu's threshold", () => {
    const t = otsuThreshold(head().pixels);
    expect(t).toBeGreaterThan(-1000);
    expect(t).toBeLessThan(5);
  });

  it('masks the body, dark structures inside it included, and nothing outside', () => {
    const img = head();
    const mask = bodyMask(img, 20, 20);
    expect(mask[0]).toBe(0); // corner: air
    expect(mask[9 * 20 + 9]).toBe(1); // the ventricle, darker than brain, stays in
    expect(mask[9 * 20 + 4]).toBe(1); // brain
    expect(mask[9 * 20 + 0]).toBe(0); // air left of the skull
    // Sampled at another size (a heat map is coarser than its scan): the disc of radius 8
    // centred at 9.5, seen at source pixels 2, 6, 10, 14 and 18 of each axis.
    const small = bodyMask(img, 5, 5);
    expect(Array.from(small)).toEqual([0, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  });

  it('leaves heat below the threshold and outside the mask transparent, colours the rest opaque', () => {
    const palette = buildHeatmapPalette('viridis', 0);
    const heat = new Float32Array([0, 0.2, 0.5, 1, 1]);
    const mask = new Uint8Array([1, 1, 1, 1, 0]);
    const out = new Uint32Array(5);
    thresholdedHeatToRgba(heat, palette, out, 0.3, mask);
    const alpha = (w: number) => w >>> 24;
    expect(Array.from(out).map(alpha)).toEqual([0, 0, 255, 255, 0]);
    expect(out[3]).toBe(palette[255]);
    // viridis: dark purple at the bottom, yellow at the top, lightness rising.
    const rgb = (w: number) => [w & 255, (w >>> 8) & 255, (w >>> 16) & 255];
    expect(rgb(palette[0])).toEqual([0x44, 0x01, 0x54]);
    expect(rgb(palette[255])).toEqual([0xfd, 0xe7, 0x25]);
  });
});
