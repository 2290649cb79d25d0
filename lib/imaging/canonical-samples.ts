export type CanonicalSamples = Int16Array | Float32Array;

/**
 * Pixels in their canonical storage type: int16 when every value is an integer in
 * [-32768, 32767] (CT HU, MR, 8-bit images), float32 otherwise. A pure function of the
 * values, so it serves both the content hash and the preview file. -0 reads as 0.
 */
export function canonicalSamples(pixels: Float32Array): CanonicalSamples {
  // Storing into an Int16Array converts as the constructor would (wrapping out-of-range values,
  // NaN to 0); reading back in the same pass tells whether anything changed. One fused loop is
  // about twice as fast as the constructor followed by a comparison pass.
  const out = new Int16Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i];
    out[i] = v;
    if (out[i] !== v) return pixels;
  }
  return out;
}

/** The samples' bytes in this machine's order (little-endian on every platform Node runs us on). */
export function sampleBytes(samples: CanonicalSamples): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}
