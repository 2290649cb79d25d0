import { readdir, symlink, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transferSyntaxes } from '@/lib/dicom/transfer-syntaxes';
import { el, writePart10 } from '@/lib/dicom/write-part10';
import type { RejectReason } from '@/lib/imaging/reject-reasons';
import type { ImportItem } from '@/server/imaging/import-port';
import { importItems, importPaths } from '@/server/imaging/import-paths';
import { createMemorySink } from '@/server/imaging/memory-sink';
import { ctSliceDicom, importOptions, tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('reject')));
afterAll(() => cleanup());

const mrHeader = [
  el('Modality', 'MR'),
  el('Rows', 8),
  el('Columns', 8),
  el('BitsAllocated', 16),
  el('BitsStored', 16),
  el('HighBit', 15),
  el('PixelRepresentation', 0),
  el('SamplesPerPixel', 1),
  el('PhotometricInterpretation', 'MONOCHROME2'),
];
const base = { sopClassUid: '1.2.840.10008.5.1.4.1.1.4', sopInstanceUid: '2.25.77' };

async function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
}

async function files(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => e.name);
}

describe('import rejections', () => {
  it('gives every bad file its reason, imports the rest, and leaves nothing half-written', async () => {
    const good = ctSliceDicom(1).bytes;
    const goodPng = await png(16, 16);
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#808080' } })
      .jpeg()
      .toBuffer();
    const cases: [ImportItem, RejectReason][] = [
      [{ name: 'cut-in-pixels.dcm', bytes: good.subarray(0, good.length - 1000) }, 'truncated'],
      [{ name: 'cut-in-header.dcm', bytes: good.subarray(0, 300) }, 'truncated'],
      [{ name: 'cut.png', bytes: goodPng.subarray(0, goodPng.length - 30) }, 'truncated'],
      [{ name: 'cut.jpg', bytes: jpeg.subarray(0, jpeg.length - 40) }, 'truncated'],
      [{ name: 'notes.png', bytes: new TextEncoder().encode('this is a text file, not a PNG') }, 'not-an-image'],
      [{ name: 'random.dcm', bytes: new Uint8Array(2000).fill(7) }, 'not-an-image'],
      [
        {
          name: 'report.dcm',
          bytes: writePart10({ ...base, transferSyntaxUid: transferSyntaxes.explicitLittle, elements: mrHeader }),
        },
        'no-pixel-data',
      ],
      [
        {
          name: 'jpeg12.dcm',
          bytes: writePart10({
            ...base,
            transferSyntaxUid: transferSyntaxes.jpegExtended,
            elements: mrHeader,
            pixelData: { frames: [new Uint8Array([0xff, 0xd8, 0xff, 0xd9])] },
          }),
        },
        'unsupported-syntax',
      ],
      [
        {
          name: 'garbage-jpll.dcm',
          bytes: writePart10({
            ...base,
            transferSyntaxUid: transferSyntaxes.jpegLosslessSv1,
            elements: mrHeader,
            pixelData: { frames: [new Uint8Array(64).fill(3)] },
          }),
        },
        'decode-failed',
      ],
      [{ name: 'bomb.png', bytes: await png(3000, 3000) }, 'too-many-pixels'],
      [{ name: 'big.dcm', bytes: ctSliceDicom(2, { size: 1024 }).bytes }, 'too-many-pixels'],
      [{ name: '../../etc/evil.png', bytes: goodPng }, 'unsafe-path'],
      [{ name: 'C:\\Windows\\evil.png', bytes: goodPng }, 'unsafe-path'],
      [{ name: 'gone.png', filePath: path.join(dir, 'does-not-exist.png') }, 'read-failed'],
    ];
    const storageDir = path.join(dir, 'storage');
    const sink = createMemorySink();
    const items = [
      ...cases.map(([item]) => item),
      { name: 'good.dcm', bytes: good },
      { name: 'good.png', bytes: goodPng },
      { name: 'README.txt', bytes: new Uint8Array([65]) },
    ];
    const summary = await importItems(items, importOptions(storageDir, { maxPixels: 1_000_000 }), sink);

    const byFile = new Map(summary.outcomes.map((o) => [o.file, o]));
    for (const [item, reason] of cases) {
      const outcome = [...byFile.values()].find(
        (o) => o.file === item.name || o.file === item.name.replace(/\\/g, '/'),
      );
      expect(outcome, item.name).toMatchObject({ status: 'rejected', reason });
      expect(outcome?.status === 'rejected' && outcome.message.length > 10, item.name).toBe(true);
    }
    expect(summary).toMatchObject({
      files: items.length,
      imported: 2,
      rejected: cases.length,
      skipped: 1,
      duplicate: 0,
    });
    expect(summary.rejectedByReason).toMatchObject({
      truncated: 4,
      'not-an-image': 2,
      'unsafe-path': 2,
      'too-many-pixels': 2,
    });
    expect(sink.scans).toHaveLength(2);
    const stored = await files(storageDir);
    expect(stored.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(stored).toHaveLength(6); // original, preview and thumbnail of the two good files only
  });

  it('refuses a link that leads out of the imported folder', async () => {
    const root = path.join(dir, 'linked');
    await mkdir(root, { recursive: true });
    const outside = path.join(dir, 'outside.png');
    await writeFile(outside, await png(8, 8));
    await symlink(outside, path.join(root, 'escape.png'));
    await writeFile(path.join(root, 'inside.png'), await png(9, 9));
    const summary = await importPaths([root], importOptions(path.join(dir, 'storage-links')), createMemorySink());
    expect(summary.outcomes.find((o) => o.file === 'linked/escape.png')).toMatchObject({
      status: 'rejected',
      reason: 'unsafe-path',
    });
    expect(summary.imported).toBe(1);
  });
});
