import { createHash } from 'node:crypto';
import { canonicalSamples, sampleBytes, type CanonicalSamples } from '@/lib/imaging/canonical-samples';
import type { DecodedImage } from '@/lib/imaging/types';

/**
 * sha256 over a canonical encoding of the decoded pixels: "neuroloop-pixels-v1", the sample
 * type ("int16" or "float32", see canonical-samples), width and height as uint32 LE, then the
 * samples LE. The same image in two transfer syntaxes (or a PNG and its DICOM twin) is one scan.
 */
export function contentHashOf(
  image: Pick<DecodedImage, 'pixels' | 'width' | 'height'>,
  samples: CanonicalSamples = canonicalSamples(image.pixels),
): string {
  const shape = new Uint8Array(8);
  const view = new DataView(shape.buffer);
  view.setUint32(0, image.width, true);
  view.setUint32(4, image.height, true);
  return createHash('sha256')
    .update('neuroloop-pixels-v1')
    .update(samples instanceof Int16Array ? 'int16' : 'float32')
    .update(shape)
    .update(sampleBytes(samples))
    .digest('hex');
}

/** sha256 of a file's bytes: the content-addressed key of the original. */
export function fileHashOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
