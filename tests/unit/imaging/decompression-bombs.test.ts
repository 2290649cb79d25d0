import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { transferSyntaxes } from '@/lib/dicom/transfer-syntaxes';
import { el, writePart10 } from '@/lib/dicom/write-part10';
import { declaredSize } from '@/lib/imaging/codestream-size';
import { rejectReasonOf } from '@/lib/imaging/reject-reasons';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { realDicomDir } from './fixtures';

const present = existsSync(path.join(realDicomDir, 'SOURCES.md'));
if (!present)
  console.warn(
    `SKIP real-codestream bombs: ${realDicomDir} is absent (the shared data folder is not checked out here)`,
  );

const MAX_PIXELS = 4096 * 4096;

/** Overwrites a big-endian unsigned integer. */
function put(bytes: Uint8Array, at: number, size: 2 | 4, value: number): void {
  for (let i = 0; i < size; i++) bytes[at + i] = (value >>> (8 * (size - 1 - i))) & 0xff;
}

/** Index of the first occurrence of `pattern` in `bytes` (from `from`), or -1. */
function find(bytes: Uint8Array, pattern: number[], from = 0): number {
  outer: for (let i = from; i + pattern.length <= bytes.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

async function refusal(bytes: Uint8Array, name: string) {
  let error: unknown = null;
  try {
    await decodeImageBuffer(bytes, name, { maxPixels: MAX_PIXELS });
  } catch (e) {
    error = e;
  }
  return { reason: error ? rejectReasonOf(error) : null, error };
}

async function baselineJpeg(width: number, height: number): Promise<Buffer> {
  const grey = Buffer.alloc(width * height, 90);
  return sharp(grey, { raw: { width, height, channels: 1 } })
    .toColourspace('b-w')
    .jpeg()
    .toBuffer();
}

function dicomWithFrame(frame: Uint8Array, syntax: string, rows: number, columns: number): Uint8Array {
  return writePart10({
    sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
    sopInstanceUid: '2.25.77',
    transferSyntaxUid: syntax,
    elements: [
      el('Modality', 'OT'),
      el('Rows', rows),
      el('Columns', columns),
      el('BitsAllocated', 8),
      el('BitsStored', 8),
      el('HighBit', 7),
      el('PixelRepresentation', 0),
      el('SamplesPerPixel', 1),
      el('PhotometricInterpretation', 'MONOCHROME2'),
    ],
    pixelData: { frames: [frame] },
  });
}

describe('the size a codestream declares', () => {
  it('is read from JPEG (SOF) and PNG (IHDR) headers', async () => {
    expect(declaredSize(await baselineJpeg(24, 16))).toEqual({ format: 'jpeg', width: 24, height: 16, components: 1 });
    const png = await sharp(Buffer.alloc(30 * 20 * 3), { raw: { width: 30, height: 20, channels: 3 } })
      .png()
      .toBuffer();
    expect(declaredSize(png)).toEqual({ format: 'png', width: 30, height: 20, components: 3 });
    expect(declaredSize(new Uint8Array([1, 2, 3]))).toBeNull();
    expect(declaredSize(new Uint8Array([0xff, 0xd8, 0xff, 0xda, 0, 2]))).toBeNull();
  });
});

describe('decompression bombs are refused before any decoder runs', () => {
  it('a baseline JPEG frame whose SOF declares far more than the DICOM header', async () => {
    const jpeg = new Uint8Array(await baselineJpeg(16, 16));
    const sof = find(jpeg, [0xff, 0xc0]);
    put(jpeg, sof + 5, 2, 16000); // Y
    put(jpeg, sof + 7, 2, 16000); // X
    const r = await refusal(dicomWithFrame(jpeg, transferSyntaxes.jpegBaseline, 16, 16), 'bomb.dcm');
    expect(r.reason).toBe('too-many-pixels');
    expect(String((r.error as Error).message)).toMatch(/codestream declares 16000x16000/);
  });

  it('a PNG whose IHDR declares more pixels than the limit', async () => {
    const png = new Uint8Array(
      await sharp(Buffer.alloc(16 * 16), { raw: { width: 16, height: 16, channels: 1 } })
        .png()
        .toBuffer(),
    );
    put(png, 16, 4, 60000);
    put(png, 20, 4, 60000);
    const r = await refusal(png, 'bomb.png');
    expect(r.reason).toBe('too-many-pixels');
  });

  describe.skipIf(!present)('real codestreams (../shared/data/dicom) with their size patched', () => {
    const file = (name: string) => readFile(path.join(realDicomDir, 'mr', name)).then((b) => new Uint8Array(b));

    it('JPEG 2000: SIZ says 16000x16000 where the header says the image is small', async () => {
      const bytes = await file('brain-mr-epi-mosaic_dcmqats-9_jpeg2000-lossless.dcm');
      const siz = find(bytes, [0xff, 0x4f, 0xff, 0x51]) + 2;
      expect(declaredSize(bytes.subarray(siz - 2))?.format).toBe('jpeg2000');
      put(bytes, siz + 6, 4, 16000); // Xsiz
      put(bytes, siz + 10, 4, 16000); // Ysiz
      put(bytes, siz + 22, 4, 16000); // XTsiz: one tile of the whole image
      put(bytes, siz + 26, 4, 16000); // YTsiz
      const r = await refusal(bytes, 'j2k-bomb.dcm');
      expect(r.reason).toBe('too-many-pixels');
      // Refused from the codestream's own declared size, before any decoding.
      expect((r.error as Error).message).toMatch(/codestream declares 16000x16000x\d .*: not decoded/);
    });

    it('JPEG-LS: SOF55 says 16000x16000', async () => {
      const bytes = await file('brain-mr-epi-mosaic_dcmqats-7_jpeg-ls-lossless.dcm');
      const sof = find(bytes, [0xff, 0xf7, 0x00, 0x0b]);
      put(bytes, sof + 5, 2, 16000);
      put(bytes, sof + 7, 2, 16000);
      expect((await refusal(bytes, 'jls-bomb.dcm')).reason).toBe('too-many-pixels');
    });

    it('JPEG Lossless: SOF3 says 16000x16000', async () => {
      const bytes = await file('brain-mr-epi-mosaic_dcmqats-5_jpeg-lossless-sv1.dcm');
      const sof = find(bytes, [0xff, 0xc3, 0x00, 0x0b]);
      put(bytes, sof + 5, 2, 16000);
      put(bytes, sof + 7, 2, 16000);
      expect((await refusal(bytes, 'jpll-bomb.dcm')).reason).toBe('too-many-pixels');
    });

    it('the unpatched files still decode (their declared sizes match their headers)', async () => {
      for (const name of [
        'brain-mr-epi-mosaic_dcmqats-9_jpeg2000-lossless.dcm',
        'brain-mr-epi-mosaic_dcmqats-7_jpeg-ls-lossless.dcm',
        'brain-mr-epi-mosaic_dcmqats-5_jpeg-lossless-sv1.dcm',
      ]) {
        const [image] = await decodeImageBuffer(await file(name), name, { maxPixels: MAX_PIXELS });
        expect(image.width).toBeGreaterThan(0);
      }
    });
  });
});
