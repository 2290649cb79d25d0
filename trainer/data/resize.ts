/**
 * Aspect-preserving resize onto a size x size canvas, centred, padded with `padValue`
 * (never stretched). Resampling is separable and antialiased: a triangle filter whose
 * support widens with the downscale factor (as Pillow's BILINEAR), so 512 -> 128 averages
 * instead of aliasing.
 */
export interface ResizeResult {
  pixels: Float32Array;
  /** Where the image landed inside the canvas (for mapping heatmaps back). */
  placement: { x: number; y: number; width: number; height: number };
}

export function resizeWithPadding(
  src: Float32Array,
  width: number,
  height: number,
  size: number,
  padValue = 0,
): ResizeResult {
  const scale = size / Math.max(width, height);
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const x0 = Math.floor((size - w) / 2);
  const y0 = Math.floor((size - h) / 2);
  const rows = resampleAxis(src, width, height, w, true);
  const both = resampleAxis(rows, w, height, h, false);
  const out = new Float32Array(size * size).fill(padValue);
  for (let y = 0; y < h; y++) out.set(both.subarray(y * w, y * w + w), (y + y0) * size + x0);
  return { pixels: out, placement: { x: x0, y: y0, width: w, height: h } };
}

/** Downscales so the longer side is at most maxSide (aspect kept); smaller images are returned as they are. */
export function shrinkToFit(
  src: Float32Array,
  width: number,
  height: number,
  maxSide: number,
): { pixels: Float32Array; width: number; height: number } {
  const scale = maxSide / Math.max(width, height);
  if (scale >= 1) return { pixels: src, width, height };
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  return { pixels: resampleAxis(resampleAxis(src, width, height, w, true), w, height, h, false), width: w, height: h };
}

interface Taps {
  start: Int32Array;
  count: Int32Array;
  weights: Float32Array;
  maxTaps: number;
}

function filterTaps(inLen: number, outLen: number): Taps {
  const scale = inLen / outLen;
  const support = Math.max(1, scale);
  const maxTaps = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outLen);
  const count = new Int32Array(outLen);
  const weights = new Float32Array(outLen * maxTaps);
  for (let o = 0; o < outLen; o++) {
    const centre = (o + 0.5) * scale;
    const lo = Math.max(0, Math.floor(centre - support));
    const hi = Math.min(inLen, Math.ceil(centre + support));
    let total = 0;
    let n = 0;
    for (let i = lo; i < hi && n < maxTaps; i++, n++) {
      const wgt = Math.max(0, 1 - Math.abs((i + 0.5 - centre) / support));
      weights[o * maxTaps + n] = wgt;
      total += wgt;
    }
    for (let k = 0; k < n; k++) weights[o * maxTaps + k] /= total || 1;
    start[o] = lo;
    count[o] = n;
  }
  return { start, count, weights, maxTaps };
}

/** Resamples along x (horizontal) or y; the other axis keeps its length. */
function resampleAxis(
  src: Float32Array,
  width: number,
  height: number,
  outLen: number,
  horizontal: boolean,
): Float32Array {
  const inLen = horizontal ? width : height;
  if (inLen === outLen) return src;
  const t = filterTaps(inLen, outLen);
  const outW = horizontal ? outLen : width;
  const out = new Float32Array(outW * (horizontal ? height : outLen));
  const lines = horizontal ? height : width;
  const stride = horizontal ? 1 : width;
  for (let line = 0; line < lines; line++) {
    const base = horizontal ? line * width : line;
    for (let o = 0; o < outLen; o++) {
      let acc = 0;
      const wBase = o * t.maxTaps;
      for (let k = 0; k < t.count[o]; k++) acc += t.weights[wBase + k] * src[base + (t.start[o] + k) * stride];
      out[horizontal ? line * outW + o : o * outW + line] = acc;
    }
  }
  return out;
}
