import type { Rng } from '@/lib/random';

/** Smooth value noise in [-1, 1] on a size x size grid: a (cells+1)^2 lattice, smoothstep-interpolated. */
export function smoothNoise(rng: Rng, size: number, cells: number): Float32Array {
  const n = cells + 1;
  const lattice = new Float32Array(n * n);
  for (let i = 0; i < lattice.length; i++) lattice[i] = rng.next() * 2 - 1;
  const out = new Float32Array(size * size);
  for (let y = 0; y < size; y++) {
    const fy = (y / size) * cells;
    const iy = Math.min(cells - 1, Math.floor(fy));
    const ty = smooth(fy - iy);
    for (let x = 0; x < size; x++) {
      const fx = (x / size) * cells;
      const ix = Math.min(cells - 1, Math.floor(fx));
      const tx = smooth(fx - ix);
      const a = lattice[iy * n + ix] + (lattice[iy * n + ix + 1] - lattice[iy * n + ix]) * tx;
      const b = lattice[(iy + 1) * n + ix] + (lattice[(iy + 1) * n + ix + 1] - lattice[(iy + 1) * n + ix]) * tx;
      out[y * size + x] = a + (b - a) * ty;
    }
  }
  return out;
}

function smooth(t: number): number {
  return t * t * (3 - 2 * t);
}

/** In-place 3x3 binomial blur (a scanner's point-spread function; edges clamp). */
export function binomialBlur(img: Float32Array, size: number): Float32Array {
  const tmp = new Float32Array(img.length);
  for (let y = 0; y < size; y++) {
    const row = y * size;
    for (let x = 0; x < size; x++) {
      const l = img[row + Math.max(0, x - 1)];
      const r = img[row + Math.min(size - 1, x + 1)];
      tmp[row + x] = (l + 2 * img[row + x] + r) / 4;
    }
  }
  for (let y = 0; y < size; y++) {
    const up = Math.max(0, y - 1) * size;
    const down = Math.min(size - 1, y + 1) * size;
    const row = y * size;
    for (let x = 0; x < size; x++) img[row + x] = (tmp[up + x] + 2 * tmp[row + x] + tmp[down + x]) / 4;
  }
  return img;
}

/** Binomial blur keeps 0.375 of white noise's standard deviation; this undoes it. */
const blurNoiseGain = 1 / 0.375;

/** Spatially correlated Gaussian noise with standard deviation sigma (CT kernels correlate neighbours). */
export function correlatedNoise(rng: Rng, size: number, sigma: number): Float32Array {
  const n = new Float32Array(size * size);
  for (let i = 0; i < n.length; i++) n[i] = rng.normal() * sigma * blurNoiseGain;
  return binomialBlur(n, size);
}

/** Partial-volume coverage from a signed distance (negative inside), in pixels. */
export function coverage(signedDistancePx: number): number {
  if (signedDistancePx <= -1) return 1;
  if (signedDistancePx >= 1) return 0;
  return 0.5 - signedDistancePx / 2;
}
