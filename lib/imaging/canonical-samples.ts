export type CanonicalSamples = Int16Array | Float32Array;

/**
 * Pixels in their canonical storage type: int16 when every value is an integer in
 * [-32768, 32767] (CT HU, MR, 8-bit images), float32 otherwise. A pure function of the
 * values, so it serves both the content hash and the preview file. -0 reads as 0.
 */
export function canonicalSamples(pixels: Float32Array): CanonicalSamples {
  // The constructor converts natively (wrapping out-of-range values, NaN to 0); one read-only
  // pass then checks that nothing changed.
  const out = new Int16Array(pixels);
  for (let i = 0; i < pixels.length; i++) if (out[i] !== pixels[i]) return pixels;
  return out;
}

/** The samples' bytes in this machine's order (little-endian on every platform Node runs us on). */
export function sampleBytes(samples: CanonicalSamples): Uint8Array {
  return new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
}
