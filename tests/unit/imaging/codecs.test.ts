import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeJpegLossless } from '@/lib/dicom/jpeg-lossless-encode';
import { transferSyntaxes } from '@/lib/dicom/transfer-syntaxes';
import { el, writePart10 } from '@/lib/dicom/write-part10';
import { rejectReasonOf } from '@/lib/imaging/reject-reasons';
import { decodeRle } from '@/lib/imaging/rle-decode';
import { createRng } from '@/lib/random';
import { decodeJpegLossless } from '@/server/imaging/codecs/jpeg-lossless';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { greyPng16, packBits, rleFrame16 } from './fixtures';

function randomImage(seed: number, n: number, kind: 'smooth' | 'noise' | 'extremes'): Uint16Array {
  const rng = createRng(seed);
  const out = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    out[i] =
      kind === 'noise'
        ? rng.int(65536)
        : kind === 'extremes'
          ? rng.next() < 0.5
            ? 0
            : 65535
          : 1000 + Math.round(200 * Math.sin(i / 37) + 5 * rng.normal());
  }
  return out;
}

describe('RLE Lossless decoder (PS3.5 Annex G)', () => {
  it('restores 16-bit samples from high/low byte segments', () => {
    const values = randomImage(1, 40 * 30, 'smooth');
    values.fill(7, 100, 400); // long replicate runs
    const bytes = decodeRle(rleFrame16(values), values.length, 2, 1);
    expect(Array.from(new Uint16Array(bytes.buffer))).toEqual(Array.from(values));
  });

  it('round-trips PackBits literal and replicate runs', () => {
    const raw = Uint8Array.from([1, 2, 3, 3, 3, 3, 4, ...new Array(300).fill(9), 5]);
    const frame = new Uint8Array(64 + 400);
    new DataView(frame.buffer).setUint32(0, 1, true);
    new DataView(frame.buffer).setUint32(4, 64, true);
    frame.set(packBits(raw), 64);
    expect(Array.from(decodeRle(frame, raw.length, 1, 1))).toEqual(Array.from(raw));
  });

  it('rejects a frame whose segment ends early as truncated', () => {
    const values = randomImage(2, 64 * 64, 'noise');
    const frame = rleFrame16(values);
    let error: unknown;
    try {
      decodeRle(frame.subarray(0, frame.length - 500), values.length, 2, 1);
    } catch (e) {
      error = e;
    }
    expect(rejectReasonOf(error)).toBe('truncated');
  });
});

describe('JPEG Lossless SV1 encoder against the jpeg-lossless-decoder-js package', () => {
  for (const [kind, w, h] of [
    ['smooth', 64, 48],
    ['noise', 33, 17],
    ['extremes', 16, 16],
    ['smooth', 1, 1],
  ] as const) {
    it(`round-trips ${kind} ${w}x${h} exactly`, () => {
      const values = randomImage(w * h, w * h, kind);
      const encoded = encodeJpegLossless(values, w, h, 16);
      const decoded = decodeJpegLossless(encoded, 2);
      expect([decoded.width, decoded.height, decoded.components]).toEqual([w, h, 1]);
      expect(Array.from(new Uint16Array(decoded.bytes.buffer, decoded.bytes.byteOffset, w * h))).toEqual(
        Array.from(values),
      );
    });
  }

  it('compresses a smooth image well below its raw size', () => {
    const values = randomImage(3, 128 * 128, 'smooth');
    expect(encodeJpegLossless(values, 128, 128).length).toBeLessThan(values.byteLength / 2);
  });
});

describe('DICOM RLE through the whole decoder', () => {
  it('decodes an RLE Part 10 file to the same pixels as its native twin', async () => {
    const values = randomImage(4, 32 * 32, 'smooth');
    const elements = [
      el('Modality', 'MR'),
      el('Rows', 32),
      el('Columns', 32),
      el('BitsAllocated', 16),
      el('BitsStored', 16),
      el('HighBit', 15),
      el('PixelRepresentation', 0),
      el('SamplesPerPixel', 1),
      el('PhotometricInterpretation', 'MONOCHROME2'),
    ];
    const base = { sopClassUid: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUid: '2.25.1', elements };
    const rle = writePart10({
      ...base,
      transferSyntaxUid: transferSyntaxes.rleLossless,
      pixelData: { frames: [rleFrame16(values)] },
    });
    const native = writePart10({ ...base, transferSyntaxUid: transferSyntaxes.explicitLittle, pixelData: values });
    const [a] = await decodeImageBuffer(rle, 'rle.dcm');
    const [b] = await decodeImageBuffer(native, 'native.dcm');
    expect(Array.from(a.pixels)).toEqual(Array.from(values));
    expect(Array.from(b.pixels)).toEqual(Array.from(values));
  });
});

describe('baseline JPEG inside DICOM (libjpeg-turbo codec)', () => {
  it('decodes to the same pixels sharp reads from the same JPEG stream', async () => {
    const grey = Buffer.from(Array.from({ length: 24 * 16 }, (_, i) => (i * 7) % 256));
    const jpeg = await sharp(grey, { raw: { width: 24, height: 16, channels: 1 } })
      .toColourspace('b-w')
      .jpeg({ quality: 90 })
      .toBuffer();
    const reference = await sharp(jpeg).extractChannel(0).raw().toBuffer();
    const elements = [
      el('Modality', 'OT'),
      el('Rows', 16),
      el('Columns', 24),
      el('BitsAllocated', 8),
      el('BitsStored', 8),
      el('HighBit', 7),
      el('PixelRepresentation', 0),
      el('SamplesPerPixel', 1),
      el('PhotometricInterpretation', 'MONOCHROME2'),
    ];
    const file = writePart10({
      sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
      sopInstanceUid: '2.25.9',
      transferSyntaxUid: transferSyntaxes.jpegBaseline,
      elements,
      pixelData: { frames: [jpeg] },
    });
    const [image] = await decodeImageBuffer(file, 'baseline.dcm');
    expect([image.width, image.height]).toEqual([24, 16]);
    const maxDiff = image.pixels.reduce((m, v, i) => Math.max(m, Math.abs(v - reference[i])), 0);
    expect(maxDiff).toBeLessThanOrEqual(1); // two IDCT implementations may round differently
  });
});

describe('PNG and JPEG through sharp', () => {
  it('keeps all 16 bits of a 16-bit greyscale PNG and one channel of an 8-bit one', async () => {
    const values = Uint16Array.from({ length: 8 * 4 }, (_, i) => i * 2000 + 1);
    const [wide] = await decodeImageBuffer(greyPng16(values, 8, 4), 'g16.png');
    expect(Array.from(wide.pixels)).toEqual(Array.from(values));
    const grey = Buffer.from(Array.from({ length: 6 * 5 }, (_, i) => i * 8));
    const [narrow] = await decodeImageBuffer(
      await sharp(grey, { raw: { width: 6, height: 5, channels: 1 } })
        .toColourspace('b-w')
        .png()
        .toBuffer(),
      'g8.png',
    );
    expect(Array.from(narrow.pixels)).toEqual(Array.from(grey));
  });
});
