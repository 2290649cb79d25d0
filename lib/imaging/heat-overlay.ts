/**
 * What a reader needs to read a Grad-CAM: colour only where the model's evidence passes a
 * threshold the reader sets, and only inside the body (air around the head carries no
 * anatomy, yet a coarse CAM often bleeds into it).
 */

/**
 * Otsu's threshold over a 256-bin histogram of the finite values: the cut that best splits
 * the image into background (air) and foreground (the body).
 */
export function otsuThreshold(pixels: Float32Array): number {
  let min = Infinity;
  let max = -Infinity;
  for (const v of pixels) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!(max > min)) return min;
  const bins = 256;
  const hist = new Float64Array(bins);
  const scale = (bins - 1) / (max - min);
  let total = 0;
  for (const v of pixels) {
    if (!Number.isFinite(v)) continue;
    hist[Math.round((v - min) * scale)]++;
    total++;
  }
  let sumAll = 0;
  for (let i = 0; i < bins; i++) sumAll += i * hist[i];
  let weightBack = 0;
  let sumBack = 0;
  let best = 0;
  let bestVariance = -1;
  for (let t = 0; t < bins - 1; t++) {
    weightBack += hist[t];
    sumBack += t * hist[t];
    const weightFore = total - weightBack;
    if (weightBack === 0 || weightFore === 0) continue;
    const meanBack = sumBack / weightBack;
    const meanFore = (sumAll - sumBack) / weightFore;
    const variance = weightBack * weightFore * (meanBack - meanFore) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return min + (best + 0.5) / scale;
}

/**
 * The body as a mask (1 inside) at width x height, sampled from an image of another size:
 * pixels above Otsu's threshold, with each row and each column filled between its first
 * and last body pixel, so dark structures inside the skull (ventricles, sulci) stay in.
 */
export function bodyMask(
  image: { pixels: Float32Array; width: number; height: number },
  width: number,
  height: number,
): Uint8Array {
  const cut = otsuThreshold(image.pixels);
  const solid = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const sy = Math.min(image.height - 1, Math.floor(((y + 0.5) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const sx = Math.min(image.width - 1, Math.floor(((x + 0.5) * image.width) / width));
      solid[y * width + x] = image.pixels[sy * image.width + sx] > cut ? 1 : 0;
    }
  }
  const rows = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++)
      if (solid[row + x]) {
        if (first < 0) first = x;
        last = x;
      }
    for (let x = first; first >= 0 && x <= last; x++) rows[row + x] = 1;
  }
  const mask = new Uint8Array(width * height);
  for (let x = 0; x < width; x++) {
    let first = -1;
    let last = -1;
    for (let y = 0; y < height; y++)
      if (solid[y * width + x]) {
        if (first < 0) first = y;
        last = y;
      }
    for (let y = first; first >= 0 && y <= last; y++) mask[y * width + x] = rows[y * width + x];
  }
  return mask;
}

/**
 * Heat values to RGBA words through a palette, fully transparent where the heat is below
 * `threshold` (0..1) or the mask (same size as the heat, 1 = keep) is 0.
 */
export function thresholdedHeatToRgba(
  heat: Float32Array,
  palette: Uint32Array,
  out: Uint32Array,
  threshold: number,
  mask: Uint8Array | null,
): void {
  const n = Math.min(heat.length, out.length);
  for (let i = 0; i < n; i++) {
    const v = heat[i];
    if (!(v >= threshold) || v <= 0 || (mask !== null && mask[i] === 0)) {
      out[i] = 0;
      continue;
    }
    const x = v * 255;
    out[i] = palette[x >= 255 ? 255 : (x + 0.5) | 0];
  }
}
