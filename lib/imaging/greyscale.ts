/** Rec. 601 luma weights, what DICOM's YBR_FULL and most greyscale converters use. */
const wR = 0.299;
const wG = 0.587;
const wB = 0.114;

/**
 * Collapses interleaved samples to one greyscale value per pixel.
 * 1 channel: copied; 2: grey + alpha; 3: RGB; 4: RGBA. Alpha composites over black,
 * so transparent background reads as air rather than as whatever colour it hid.
 */
export function toGreyscale(
  samples: ArrayLike<number>,
  pixelCount: number,
  channels: number,
  alphaMax = 255,
): Float32Array {
  const out = new Float32Array(pixelCount);
  for (let i = 0, j = 0; i < pixelCount; i++, j += channels) {
    let v = channels >= 3 ? wR * samples[j] + wG * samples[j + 1] + wB * samples[j + 2] : samples[j];
    if (channels === 2 || channels === 4) v *= samples[j + channels - 1] / alphaMax;
    // Rounded so converted images stay integer-valued, like the greyscale files they stand for.
    out[i] = channels === 1 ? v : Math.round(v);
  }
  return out;
}

/** Planar (RRR…GGG…BBB) samples to interleaved (RGBRGB…), for DICOM PlanarConfiguration 1. */
export function planarToInterleaved(samples: ArrayLike<number>, pixelCount: number, channels: number): Float32Array {
  const out = new Float32Array(pixelCount * channels);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < pixelCount; i++) out[i * channels + c] = samples[c * pixelCount + i];
  }
  return out;
}

/** The first channel of interleaved samples (the Y of YBR_FULL). */
export function firstChannel(samples: ArrayLike<number>, pixelCount: number, channels: number): Float32Array {
  const out = new Float32Array(pixelCount);
  for (let i = 0; i < pixelCount; i++) out[i] = samples[i * channels];
  return out;
}
