import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentHashOf } from '@/server/imaging/content-hash';
import { describeImage } from '@/components/viewer/viewer-presets';
import { decodeDicomStored, rescalesToHounsfield } from '@/server/imaging/decode-dicom';
import { decodeImageFile } from '@/server/imaging/decode-file';
import { realDicomDir } from './fixtures';

const present = existsSync(path.join(realDicomDir, 'SOURCES.md'));
if (!present)
  console.warn(`SKIP real DICOM samples: ${realDicomDir} is absent (the shared data folder is not checked out here)`);

/** SOURCES.md's pixel hash: sha256 of the stored values (uint16/int16 LE, before rescale), all frames in order. */
async function storedPixelHash(file: string): Promise<string> {
  const { frames } = await decodeDicomStored(await readFile(path.join(realDicomDir, file)));
  const h = createHash('sha256');
  for (const f of frames) h.update(new Uint8Array(f.buffer, f.byteOffset, f.byteLength));
  return h.digest('hex');
}

const mosaic = [
  'mr/brain-mr-epi-mosaic_dcmqats-1_explicit-le.dcm',
  'mr/brain-mr-epi-mosaic_dcmqats-4_rle-lossless.dcm',
  'mr/brain-mr-epi-mosaic_dcmqats-5_jpeg-lossless-sv1.dcm',
  'mr/brain-mr-epi-mosaic_dcmqats-7_jpeg-ls-lossless.dcm',
  'mr/brain-mr-epi-mosaic_dcmqats-9_jpeg2000-lossless.dcm',
];

const singles: [string, string][] = [
  ['ct/head-ct_barre-brain_explicit-le.dcm', 'dd3e7df2f189a9b9'],
  ['ct/head-ct-perfusion_enhanced-2frame_explicit-le.dcm', 'b6b202c4af4494a2'],
  ['ct/chest-ct_nema-ct1_jpeg-lossless-sv1.dcm', '1add6ede29758c6f'],
  ['ct/chest-ct_small-128_explicit-le.dcm', '7a481f6ffff833ae'],
  ['mr/head-mr_barre-flair_implicit-le.dcm', '03c6140900e69805'],
];

describe.skipIf(!present)('real DICOM samples (../shared/data/dicom)', () => {
  it('decodes the MR in five transfer syntaxes to the pixel hash in SOURCES.md', async () => {
    for (const file of mosaic) expect(await storedPixelHash(file), file).toMatch(/^e4943a308aba1b65/);
    const hashes = await Promise.all(
      mosaic.map(async (f) => contentHashOf((await decodeImageFile(path.join(realDicomDir, f)))[0])),
    );
    expect(new Set(hashes).size).toBe(1);
  });

  it.each(singles)('%s matches its SOURCES.md pixel hash', async (file, prefix) => {
    expect(await storedPixelHash(file)).toMatch(new RegExp(`^${prefix}`));
  });

  it('applies RescaleSlope/Intercept for CT and keeps window, spacing and UIDs', async () => {
    const [ct] = await decodeImageFile(path.join(realDicomDir, 'ct/chest-ct_nema-ct1_jpeg-lossless-sv1.dcm'));
    expect(ct.hounsfield).toBe(true);
    expect(ct.pixels.reduce((a, b) => Math.min(a, b), Infinity)).toBe(-3024); // -2000 padding with intercept -1024 (SOURCES.md)
    const [head] = await decodeImageFile(path.join(realDicomDir, 'ct/head-ct_barre-brain_explicit-le.dcm'));
    expect(head.window).toEqual({ center: 50, width: 75 });
    expect(head.meta).toHaveProperty('SOPInstanceUID');
    expect(head.meta).toHaveProperty('PixelSpacing');
    const [mr] = await decodeImageFile(path.join(realDicomDir, 'mr/head-mr_barre-flair_implicit-le.dcm'));
    expect([mr.modality, mr.hounsfield, mr.width]).toEqual(['MR', false, 256]);
  });

  it('turns the 2-frame enhanced CT into one image per frame', async () => {
    const frames = await decodeImageFile(
      path.join(realDicomDir, 'ct/head-ct-perfusion_enhanced-2frame_explicit-le.dcm'),
    );
    expect(frames.map((f) => f.frameIndex)).toEqual([0, 1]);
  });

  it('gives each enhanced CT frame the rescale of its functional groups (Rescale Type US), so HU presets', async () => {
    const frames = await decodeImageFile(
      path.join(realDicomDir, 'ct/head-ct-perfusion_enhanced-2frame_explicit-le.dcm'),
    );
    for (const frame of frames) {
      // Stored 0..~1200 with intercept -1024 in the Pixel Value Transformation macro: air is -1024 HU.
      expect(frame.hounsfield).toBe(true);
      expect(frame.meta).toMatchObject({ RescaleSlope: 1, RescaleIntercept: -1024 });
      expect(frame.pixels.reduce((a, b) => Math.min(a, b), Infinity)).toBe(-1024);
      expect(frame.pixels.reduce((a, b) => Math.max(a, b), -Infinity)).toBeLessThan(400);
      expect(frame.window).toEqual({ center: 49, width: 102 });
      const stats = describeImage(frame);
      expect(stats.presets.map((p) => p.id)).toEqual(['brain', 'subdural', 'bone', 'stroke', 'file']);
      expect(stats.defaultWindow).toEqual({ center: 49, width: 102 });
    }
  });
});

describe('which CT rescale types mean Hounsfield units', () => {
  it('counts HU, US (unspecified, as enhanced CT writes it) and an absent type, nothing else', () => {
    expect([undefined, 'HU', 'US', 'OD', '%'].map(rescalesToHounsfield)).toEqual([true, true, true, false, false]);
  });
});
