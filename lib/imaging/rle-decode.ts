import { importRejection } from './reject-reasons';

/**
 * DICOM RLE Lossless (PS3.5 Annex G): a 64-byte header of up to 15 segment offsets, each
 * segment a PackBits stream of one byte plane (most significant byte first, per sample).
 * Returns little-endian bytes with samples interleaved, like a native frame.
 */
export function decodeRle(
  frame: Uint8Array,
  pixelCount: number,
  bytesPerSample: number,
  samplesPerPixel: number,
): Uint8Array {
  if (frame.length < 64) throw importRejection('truncated', 'RLE frame shorter than its 64-byte header');
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const segmentCount = view.getUint32(0, true);
  const expected = bytesPerSample * samplesPerPixel;
  if (segmentCount !== expected) {
    throw importRejection('decode-failed', `RLE frame has ${segmentCount} segments, expected ${expected}`);
  }
  const out = new Uint8Array(pixelCount * expected);
  for (let s = 0; s < segmentCount; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segmentCount ? view.getUint32(8 + 4 * s, true) : frame.length;
    if (start < 64 || end > frame.length || end < start) {
      throw importRejection('truncated', `RLE segment ${s} lies outside the frame`);
    }
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample);
    unpackSegment(frame, start, end, out, sample * bytesPerSample + byteInSample, expected, pixelCount);
  }
  return out;
}

function unpackSegment(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  offset: number,
  stride: number,
  count: number,
): void {
  let i = start;
  let n = 0;
  let o = offset;
  while (n < count) {
    if (i >= end) throw importRejection('truncated', `RLE segment ended after ${n} of ${count} pixels`);
    const header = src[i++];
    if (header < 128) {
      const run = Math.min(header + 1, count - n);
      if (i + run > end) throw importRejection('truncated', 'RLE literal run past the end of its segment');
      for (let k = 0; k < run; k++, o += stride) out[o] = src[i + k];
      i += header + 1;
      n += run;
    } else if (header > 128) {
      if (i >= end) throw importRejection('truncated', 'RLE replicate run past the end of its segment');
      const value = src[i++];
      const run = Math.min(257 - header, count - n);
      for (let k = 0; k < run; k++, o += stride) out[o] = value;
      n += run;
    }
  }
}
