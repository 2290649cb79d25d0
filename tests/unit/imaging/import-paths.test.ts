import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferSyntaxes } from '@/lib/dicom/transfer-syntaxes';
import { el, writePart10 } from '@/lib/dicom/write-part10';
import { formatLabelsCsv, parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { contentHashOf } from '@/server/imaging/content-hash';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { importPaths } from '@/server/imaging/import-paths';
import { createMemorySink } from '@/server/imaging/memory-sink';
import { readPreview } from '@/server/imaging/preview-file';
import { resolveStoragePath } from '@/server/imaging/scan-storage';
import { ctSliceDicom, importOptions, tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
const rgb = Buffer.from(Array.from({ length: 12 * 10 * 3 }, (_, i) => (i * 37) % 256));
const rgba = Buffer.from(Array.from({ length: 12 * 10 * 4 }, (_, i) => (i % 4 === 3 ? 128 : (i * 11) % 256)));

function twoFrameMr(): Uint8Array {
  const frames = Uint16Array.from({ length: 2 * 16 }, (_, i) => (i < 16 ? i : 100 + i));
  const elements = [
    el('Modality', 'MR'),
    el('Rows', 4),
    el('Columns', 4),
    el('NumberOfFrames', 2),
    el('BitsAllocated', 16),
    el('BitsStored', 16),
    el('HighBit', 15),
    el('PixelRepresentation', 0),
    el('SamplesPerPixel', 1),
    el('PhotometricInterpretation', 'MONOCHROME2'),
  ];
  return writePart10({
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    sopInstanceUid: '2.25.5',
    transferSyntaxUid: transferSyntaxes.explicitLittle,
    elements,
    pixelData: frames,
  });
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('import'));
  root = path.join(dir, 'brain-set');
  for (const d of ['Training/glioma', 'Training/notumor', 'Testing/glioma', 'extra'])
    await mkdir(path.join(root, d), { recursive: true });
  await writeFile(
    path.join(root, 'Training/glioma/a.png'),
    await sharp(rgb, { raw: { width: 12, height: 10, channels: 3 } })
      .png()
      .toBuffer(),
  );
  await writeFile(
    path.join(root, 'Training/notumor/b.png'),
    await sharp(rgba, { raw: { width: 12, height: 10, channels: 4 } })
      .png()
      .toBuffer(),
  );
  await writeFile(
    path.join(root, 'Testing/glioma/c.jpg'),
    await sharp(rgb, { raw: { width: 12, height: 10, channels: 3 } })
      .jpeg()
      .toBuffer(),
  );
  await writeFile(path.join(root, 'extra/d.dcm'), ctSliceDicom(9).bytes);
  await writeFile(path.join(root, 'extra/e-jpll.dcm'), ctSliceDicom(9, { syntax: 'jpeg-lossless' }).bytes);
  await writeFile(path.join(root, 'extra/multi.dcm'), twoFrameMr());
});
afterAll(() => cleanup());

describe('importPaths', () => {
  it('reads splits and prior labels from the Training/Testing layout and a labels CSV', async () => {
    const [, frame1] = await decodeImageBuffer(twoFrameMr(), 'multi.dcm');
    const labels = parseLabelsCsv(
      formatLabelsCsv([
        { file: 'extra/d.dcm', label: 'hemorrhage', subtypes: ['subdural'] },
        { file: contentHashOf(frame1), label: 'artefact', subtypes: [] },
      ]),
    );
    const sink = createMemorySink();
    const storageDir = path.join(dir, 'storage-a');
    const summary = await importPaths([root], importOptions(storageDir, { labels }), sink);

    expect(summary).toMatchObject({ files: 6, imported: 6, duplicate: 1, rejected: 0 });
    const scan = (name: string, frame: number | null = null) =>
      sink.scans.find((s) => s.originalName === `brain-set/${name}` && s.frameIndex === frame);
    expect(scan('Training/glioma/a.png')?.split).toBe('TRAIN');
    expect(scan('Testing/glioma/c.jpg')?.split).toBe('TEST');
    // d.dcm and e-jpll.dcm hold the same pixels in two syntaxes: one scan (whichever finished
    // decoding first), the other a duplicate pointing at it.
    const ct = scan('extra/d.dcm') ?? scan('extra/e-jpll.dcm');
    expect(ct?.split).toBe('POOL');
    const pair = summary.outcomes.filter((o) => /extra\/(d|e-jpll)\.dcm$/.test(o.file));
    expect(pair.map((o) => o.status).sort()).toEqual(['duplicate', 'imported']);
    expect(pair.map((o) => ('scanId' in o ? o.scanId : undefined))).toEqual([ct?.id, ct?.id]);
    expect([scan('extra/multi.dcm', 0), scan('extra/multi.dcm', 1)].every(Boolean)).toBe(true);

    const labelOf = (id?: string) =>
      sink.labels.filter((l) => l.scanId === id).map((l) => `${l.label}:${l.source.origin}`);
    expect(labelOf(scan('Training/glioma/a.png')?.id)).toEqual(['glioma:folder']);
    expect(labelOf(scan('Training/notumor/b.png')?.id)).toEqual(['notumor:folder']);
    expect(labelOf(ct?.id)).toEqual(['hemorrhage:csv']);
    expect(labelOf(scan('extra/multi.dcm', 1)?.id)).toEqual(['artefact:csv']);
    expect(labelOf(scan('extra/multi.dcm', 0)?.id)).toEqual([]);
  });

  it('keeps originals byte for byte, converts colour to greyscale, and writes previews and thumbnails', async () => {
    const sink = createMemorySink();
    const storageDir = path.join(dir, 'storage-b');
    await importPaths([root], importOptions(storageDir), sink);
    const a = sink.scans.find((s) => s.originalName.endsWith('a.png'))!;
    const original = await readFile(path.join(root, 'Training/glioma/a.png'));
    const stored = await readFile(resolveStoragePath(storageDir, a.originalPath));
    expect(stored.equals(original)).toBe(true);
    expect(a.fileHash).toBe(createHash('sha256').update(original).digest('hex'));
    expect(a.originalPath).toBe(`originals/${a.fileHash.slice(0, 2)}/${a.fileHash}.png`);

    const preview = await readPreview(resolveStoragePath(storageDir, a.previewPath));
    expect([preview.width, preview.height, preview.modality]).toEqual([12, 10, 'OT']);
    expect(preview.pixels[0]).toBe(Math.round(0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2]));
    const b = sink.scans.find((s) => s.originalName.endsWith('b.png'))!;
    const bPreview = await readPreview(resolveStoragePath(storageDir, b.previewPath));
    expect(bPreview.pixels[0]).toBe(Math.round((0.299 * rgba[0] + 0.587 * rgba[1] + 0.114 * rgba[2]) * (128 / 255)));

    const ct = sink.scans.find((s) => s.originalName.endsWith('.dcm') && s.modality === 'CT')!;
    const ctPreview = await readPreview(resolveStoragePath(storageDir, ct.previewPath));
    expect(ctPreview.hounsfield).toBe(true);
    const expected = ctSliceDicom(9).sample.image;
    expect(Array.from(ctPreview.pixels)).toEqual(Array.from(expected));
    const thumb = await sharp(await readFile(resolveStoragePath(storageDir, ct.thumbnailPath))).metadata();
    expect([thumb.format, thumb.width, thumb.channels]).toEqual(['png', 64, 1]);
    expect(ct.dicomMeta).toMatchObject({ Modality: 'CT', RescaleIntercept: -1024 });
    expect(a.dicomMeta).toBeNull();
  });

  it('is idempotent: a second run adds no scans and no labels', async () => {
    const sink = createMemorySink();
    const options = importOptions(path.join(dir, 'storage-c'));
    const first = await importPaths([root], options, sink);
    const scans = sink.scans.length;
    const labels = sink.labels.length;
    const second = await importPaths([root], options, sink);
    expect(second.imported).toBe(0);
    expect(second.duplicate).toBe(first.imported + first.duplicate);
    expect(sink.scans).toHaveLength(scans);
    expect(sink.labels).toHaveLength(labels);
  });

  it('uses a fixed split when asked', async () => {
    const sink = createMemorySink();
    await importPaths(
      [path.join(root, 'Training')],
      importOptions(path.join(dir, 'storage-d'), { split: 'pool' }),
      sink,
    );
    expect(new Set(sink.scans.map((s) => s.split))).toEqual(new Set(['POOL']));
    expect(sink.labels.map((l) => l.label).sort()).toEqual(['glioma', 'notumor']); // the class folder still labels
  });
});
