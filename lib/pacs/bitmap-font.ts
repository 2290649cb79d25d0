/**
 * A 5x7 bitmap font for text burned into images sent to a PACS (a secondary capture's legend).
 * Fixed glyphs keep the pixels identical on every machine: no system fonts, no text shaping.
 * Upper case only; a character without a glyph is drawn as '?'.
 */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

const rows: Record<string, string> = {
  A: '.###.|#...#|#...#|#####|#...#|#...#|#...#',
  B: '####.|#...#|#...#|####.|#...#|#...#|####.',
  C: '.###.|#...#|#....|#....|#....|#...#|.###.',
  D: '####.|#...#|#...#|#...#|#...#|#...#|####.',
  E: '#####|#....|#....|####.|#....|#....|#####',
  F: '#####|#....|#....|####.|#....|#....|#....',
  G: '.###.|#...#|#....|#.###|#...#|#...#|.####',
  H: '#...#|#...#|#...#|#####|#...#|#...#|#...#',
  I: '.###.|..#..|..#..|..#..|..#..|..#..|.###.',
  J: '..###|...#.|...#.|...#.|...#.|#..#.|.##..',
  K: '#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#',
  L: '#....|#....|#....|#....|#....|#....|#####',
  M: '#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#',
  N: '#...#|#...#|##..#|#.#.#|#..##|#...#|#...#',
  O: '.###.|#...#|#...#|#...#|#...#|#...#|.###.',
  P: '####.|#...#|#...#|####.|#....|#....|#....',
  Q: '.###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#',
  R: '####.|#...#|#...#|####.|#.#..|#..#.|#...#',
  S: '.####|#....|#....|.###.|....#|....#|####.',
  T: '#####|..#..|..#..|..#..|..#..|..#..|..#..',
  U: '#...#|#...#|#...#|#...#|#...#|#...#|.###.',
  V: '#...#|#...#|#...#|#...#|#...#|.#.#.|..#..',
  W: '#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.',
  X: '#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#',
  Y: '#...#|#...#|.#.#.|..#..|..#..|..#..|..#..',
  Z: '#####|....#|...#.|..#..|.#...|#....|#####',
  '0': '.###.|#...#|#..##|#.#.#|##..#|#...#|.###.',
  '1': '..#..|.##..|..#..|..#..|..#..|..#..|.###.',
  '2': '.###.|#...#|....#|...#.|..#..|.#...|#####',
  '3': '#####|...#.|..#..|...#.|....#|#...#|.###.',
  '4': '...#.|..##.|.#.#.|#..#.|#####|...#.|...#.',
  '5': '#####|#....|####.|....#|....#|#...#|.###.',
  '6': '..##.|.#...|#....|####.|#...#|#...#|.###.',
  '7': '#####|....#|...#.|..#..|.#...|.#...|.#...',
  '8': '.###.|#...#|#...#|.###.|#...#|#...#|.###.',
  '9': '.###.|#...#|#...#|.####|....#|...#.|.##..',
  ' ': '.....|.....|.....|.....|.....|.....|.....',
  '.': '.....|.....|.....|.....|.....|.##..|.##..',
  ',': '.....|.....|.....|.....|.##..|..#..|.#...',
  ':': '.....|.##..|.##..|.....|.##..|.##..|.....',
  '-': '.....|.....|.....|#####|.....|.....|.....',
  _: '.....|.....|.....|.....|.....|.....|#####',
  '/': '.....|....#|...#.|..#..|.#...|#....|.....',
  '(': '...#.|..#..|.#...|.#...|.#...|..#..|...#.',
  ')': '.#...|..#..|...#.|...#.|...#.|..#..|.#...',
  '%': '##...|##..#|...#.|..#..|.#...|#..##|...##',
  '=': '.....|.....|#####|.....|#####|.....|.....',
  '?': '.###.|#...#|....#|...#.|..#..|.....|..#..',
};

const glyphs = new Map<string, boolean[]>(
  Object.entries(rows).map(([ch, art]) => [ch, [...art.replaceAll('|', '')].map((c) => c === '#')]),
);

/** Whether pixel (x, y) of a character's glyph is set (x < 5, y < 7). */
export function glyphPixel(ch: string, x: number, y: number): boolean {
  const glyph = glyphs.get(ch.toUpperCase()) ?? glyphs.get('?')!;
  return glyph[y * GLYPH_WIDTH + x];
}

/** Width in pixels of a line of text at an integer scale (one blank column between characters). */
export function textWidth(text: string, scale: number): number {
  return text.length === 0 ? 0 : (text.length * (GLYPH_WIDTH + 1) - 1) * scale;
}

/**
 * Draws text into an RGB raster (3 bytes a pixel, row-major) at (left, top), clipped to the
 * raster, each glyph pixel a scale x scale square.
 */
export function drawText(
  rgb: Uint8Array,
  width: number,
  height: number,
  text: string,
  at: { left: number; top: number; scale: number; colour: [number, number, number] },
): void {
  const { left, top, scale, colour } = at;
  [...text].forEach((ch, i) => {
    const x0 = left + i * (GLYPH_WIDTH + 1) * scale;
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++)
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        if (!glyphPixel(ch, gx, gy)) continue;
        for (let dy = 0; dy < scale; dy++)
          for (let dx = 0; dx < scale; dx++) {
            const x = x0 + gx * scale + dx;
            const y = top + gy * scale + dy;
            if (x < 0 || y < 0 || x >= width || y >= height) continue;
            rgb.set(colour, (y * width + x) * 3);
          }
      }
  });
}
