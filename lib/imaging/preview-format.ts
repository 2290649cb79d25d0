import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { canonicalSamples, sampleBytes, type CanonicalSamples } from './canonical-samples';
import type { DecodedImage } from './types';

/**
 * The model's copy of a scan: "NLPREV1\n", a uint32 LE header length, a JSON header, zero
 * padding to a multiple of 4, then row-major little-endian samples in their canonical type
 * (canonical-samples: int16 or float32), so HU and raw values survive exactly.
 */
const magic = 'NLPREV1\n';

const previewHeaderSchema = z.object({
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  dtype: z.enum(['int16', 'float32']),
  modality: z.string(),
  hounsfield: z.boolean(),
  window: z.object({ width: z.number(), center: z.number() }).optional(),
  frameIndex: z.number().int().nonnegative().optional(),
  meta: z.record(z.string(), z.unknown()),
});
export type PreviewHeader = z.infer<typeof previewHeaderSchema>;

export function encodePreview(
  image: DecodedImage,
  samples: CanonicalSamples = canonicalSamples(image.pixels),
): Uint8Array {
  const dtype = samples instanceof Int16Array ? 'int16' : 'float32';
  const header: PreviewHeader = {
    width: image.width,
    height: image.height,
    dtype,
    modality: image.modality,
    hounsfield: image.hounsfield,
    window: image.window,
    frameIndex: image.frameIndex,
    meta: image.meta,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const dataOffset = Math.ceil((12 + json.length) / 4) * 4;
  const n = image.width * image.height;
  const out = new Uint8Array(dataOffset + n * (dtype === 'int16' ? 2 : 4));
  out.set(new TextEncoder().encode(magic), 0);
  new DataView(out.buffer).setUint32(8, json.length, true);
  out.set(json, 12);
  out.set(sampleBytes(samples).subarray(0, n * samples.BYTES_PER_ELEMENT), dataOffset);
  return out;
}

export function decodePreview(bytes: Uint8Array): DecodedImage {
  const fail = (why: string) => new AppError({ code: 'BAD_REQUEST', message: `not a NeuroLoop preview: ${why}` });
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== magic) throw fail('bad magic');
  const jsonLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(8, true);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength)));
  } catch {
    throw fail('unreadable header');
  }
  const header = previewHeaderSchema.parse(parsed);
  const dataOffset = Math.ceil((12 + jsonLength) / 4) * 4;
  const n = header.width * header.height;
  const size = header.dtype === 'int16' ? 2 : 4;
  if (bytes.length < dataOffset + n * size) throw fail('truncated');
  // A copy (Buffer.slice would be a view), so the typed array starts aligned at offset 0.
  const copy = new Uint8Array(bytes.subarray(dataOffset, dataOffset + n * size));
  const pixels =
    header.dtype === 'int16'
      ? new Float32Array(new Int16Array(copy.buffer, 0, n))
      : new Float32Array(copy.buffer, 0, n);
  const { dtype: _dtype, ...rest } = header;
  return { ...rest, pixels };
}
