import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '@/lib/imaging/types';
import { glyphPixel, textWidth } from '@/lib/pacs/bitmap-font';
import { heatColour, renderGradCamCapture } from '@/lib/pacs/grad-cam-capture';

function ctSlice(width: number, height: number, hu: (x: number, y: number) => number): DecodedImage {
  const pixels = new Float32Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) pixels[y * width + x] = hu(x, y);
  return { pixels, width, height, modality: 'CT', hounsfield: true, meta: {} };
}

const rgbAt = (r: { rgb: Uint8Array; width: number }, x: number, y: number) =>
  Array.from(r.rgb.subarray((y * r.width + x) * 3, (y * r.width + x) * 3 + 3));

describe('the Grad-CAM secondary capture', () => {
  // 64 x 64 CT: 0 HU on the left half, 80 HU (the brain window's top) on the right half.
  const image = ctSlice(64, 64, (x) => (x < 32 ? 0 : 80));
  // A heatmap 8 x 8, hot only in the top-left cell.
  const heat = { width: 8, height: 8, heatmap: new Float32Array(64) };
  heat.heatmap[0] = 1;
  const out = renderGradCamCapture(image, heat, { label: 'bleed', model: 'NeuroLoop cnn v3' });

  it('enlarges a small slice by whole pixels and adds a legend band below it', () => {
    expect(out.width).toBe(512);
    expect(out.imageRows).toBe(512);
    expect(out.height).toBeGreaterThan(512);
    expect(out.rgb.length).toBe(out.width * out.height * 3);
  });

  it('leaves the slice grey, under the brain window, where the heatmap is cold', () => {
    // 0 HU sits below the brain window (0..80 HU): black; 80 HU at its top: white.
    expect(rgbAt(out, 200, 400)).toEqual([0, 0, 0]);
    expect(rgbAt(out, 400, 400)).toEqual([255, 255, 255]);
  });

  it('colours the slice where the heatmap is hot, warm colours for high values', () => {
    const [r, g, b] = rgbAt(out, 10, 10);
    expect(r).toBeGreaterThan(100);
    expect(r).toBeGreaterThan(g);
    expect(r).toBeGreaterThan(b);
    expect(heatColour(0)[2]).toBeGreaterThan(heatColour(0)[0]);
    expect(heatColour(1)[0]).toBeGreaterThan(heatColour(1)[2]);
  });

  it('burns in a colour bar from cold to hot and white legend text', () => {
    const band = Array.from({ length: out.height - out.imageRows }, (_, i) => out.imageRows + i);
    const colourRow = band.find((y) => {
      const [r, g, b] = rgbAt(out, out.width / 2, y);
      return !(r === g && g === b);
    });
    expect(colourRow).toBeDefined();
    const row = colourRow!;
    let left = 0;
    while (rgbAt(out, left, row).every((v, _, a) => v === a[0])) left++;
    let right = out.width - 1;
    while (rgbAt(out, right, row).every((v, _, a) => v === a[0])) right--;
    expect(rgbAt(out, left, row)[2]).toBeGreaterThan(rgbAt(out, left, row)[0]);
    expect(rgbAt(out, right, row)[0]).toBeGreaterThan(rgbAt(out, right, row)[2]);
    let white = 0;
    for (const y of band) for (let x = 0; x < out.width; x++) if (rgbAt(out, x, y).every((v) => v === 255)) white++;
    expect(white).toBeGreaterThan(200);
  });

  it('draws its own 5x7 glyphs, and an unknown character as a question mark', () => {
    const lit = (ch: string) =>
      Array.from({ length: 35 }, (_, i) => glyphPixel(ch, i % 5, Math.floor(i / 5)))
        .map(Number)
        .join('');
    expect(lit('I')).not.toBe(lit('L'));
    expect(lit('a')).toBe(lit('A'));
    expect(lit('é')).toBe(lit('?'));
    expect(textWidth('LOW', 2)).toBe((3 * 6 - 1) * 2);
  });
});
