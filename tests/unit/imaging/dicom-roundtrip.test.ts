import path from 'node:path';
import dicomParser from 'dicom-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeDicomImage, huToStored } from '@/lib/dicom/encode-image';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { importItems } from '@/server/imaging/import-paths';
import { createMemorySink } from '@/server/imaging/memory-sink';
import { readPreview } from '@/server/imaging/preview-file';
import { resolveStoragePath } from '@/server/imaging/scan-storage';
import { importOptions, tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('roundtrip')));
afterAll(() => cleanup());

describe('synthetic HU -> DICOM -> import -> identical HU', () => {
  for (const syntax of ['explicit-le', 'jpeg-lossless'] as const) {
    it(`round-trips through ${syntax}`, async () => {
      const sample = generateCtHemorrhage(21, 3, { size: 128, difficulty: 0.7 });
      const uids = { study: '2.25.1', series: '2.25.2', instance: '2.25.3' };
      const bytes = encodeDicomImage({
        stored: huToStored(sample.image),
        width: 128,
        height: 128,
        modality: 'CT',
        rescale: { slope: 1, intercept: -1024 },
        uids,
        syntax,
      });
      const [decoded] = await decodeImageBuffer(bytes, 'ct.dcm');
      expect(decoded.hounsfield).toBe(true);
      expect(decoded.pixels).toEqual(sample.image);

      const sink = createMemorySink();
      const storageDir = path.join(dir, syntax);
      await importItems([{ name: 'ct.dcm', bytes }], importOptions(storageDir), sink);
      const preview = await readPreview(resolveStoragePath(storageDir, sink.scans[0].previewPath));
      expect(preview.pixels).toEqual(sample.image);
      expect(sink.scans[0].dicomMeta).toMatchObject({
        StudyInstanceUID: '2.25.1',
        SeriesInstanceUID: '2.25.2',
        SOPInstanceUID: '2.25.3',
        Modality: 'CT',
      });
    });
  }

  it('writes a File Meta group whose length and transfer syntax a reader accepts', () => {
    const bytes = encodeDicomImage({
      stored: new Uint16Array(4),
      width: 2,
      height: 2,
      modality: 'MR',
      uids: { study: '1.2', series: '1.2.3', instance: '1.2.3.4' },
      syntax: 'explicit-le',
    });
    const ds = dicomParser.parseDicom(bytes);
    const groupLength = ds.uint32('x00020000') ?? 0;
    const firstAfterMeta = 132 + 12 + groupLength;
    expect(bytes[firstAfterMeta]).toBe(0x08); // (0008,xxxx) starts the data set right after the meta group
    expect(ds.string('x00020010')).toBe('1.2.840.10008.1.2.1');
    expect(ds.string('x00020003')).toBe('1.2.3.4');
    expect(ds.uint16('x00280010')).toBe(2);
  });
});
