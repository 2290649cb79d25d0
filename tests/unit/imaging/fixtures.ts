import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { encodeDicomImage, huToStored, type DicomImageInput } from '@/lib/dicom/encode-image';
import { uidFromRng } from '@/lib/dicom/uid';
import { createRng } from '@/lib/random';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import type { SynthSample } from '@/lib/synth/types';
import type { ImportOptions } from '@/server/imaging/import-port';

export const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));
/** The real DICOM samples: NEUROLOOP_DICOM_SAMPLES, else the team's shared folder beside the checkout. */
export const realDicomDir = process.env['NEUROLOOP_DICOM_SAMPLES'] ?? path.resolve(repoRoot, '../shared/data/dicom');

/** A temporary folder per test file, removed by the returned cleanup. */
export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `neuroloop-${prefix}-`));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export function importOptions(storageDir: string, extra: Partial<ImportOptions> = {}): ImportOptions {
  return { storageDir, maxPixels: 4096 * 4096, split: 'auto', concurrency: 3, ...extra };
}

/** A small synthetic head CT slice and its DICOM file. */
export function ctSliceDicom(
  seed: number,
  opts: { size?: number; syntax?: DicomImageInput['syntax']; extra?: DicomImageInput['extra'] } = {},
): { sample: SynthSample; bytes: Uint8Array } {
  const size = opts.size ?? 64;
  const sample = generateCtHemorrhage(seed, 0, { size, difficulty: 0.2 });
  const rng = createRng(seed);
  const bytes = encodeDicomImage({
    stored: huToStored(sample.image),
    width: size,
    height: size,
    modality: 'CT',
    rescale: { slope: 1, intercept: -1024 },
    window: { center: 40, width: 80 },
    uids: { study: uidFromRng(rng), series: uidFromRng(rng), instance: uidFromRng(rng) },
    syntax: opts.syntax ?? 'explicit-le',
    extra: opts.extra,
  });
  return { sample, bytes };
}

/** PackBits as DICOM RLE uses it: replicate runs for repeats, literal runs otherwise. */
export function packBits(bytes: Uint8Array): Uint8Array {
  const out: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    let run = 1;
    while (i + run < bytes.length && run < 128 && bytes[i + run] === bytes[i]) run++;
    if (run >= 3) {
      out.push(257 - run, bytes[i]);
      i += run;
      continue;
    }
    const start = i;
    while (
      i < bytes.length &&
      i - start < 128 &&
      !(i + 2 < bytes.length && bytes[i] === bytes[i + 1] && bytes[i] === bytes[i + 2])
    )
      i++;
    out.push(i - start - 1, ...bytes.subarray(start, i));
  }
  return Uint8Array.from(out);
}

/** An RLE Lossless frame (PS3.5 Annex G) of 16-bit samples: high-byte segment, then low-byte segment. */
export function rleFrame16(values: Uint16Array): Uint8Array {
  const hi = packBits(Uint8Array.from(values, (v) => v >> 8));
  const lo = packBits(Uint8Array.from(values, (v) => v & 0xff));
  const loStart = 64 + hi.length + (hi.length % 2);
  const out = new Uint8Array(loStart + lo.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 2, true);
  view.setUint32(4, 64, true);
  view.setUint32(8, loStart, true);
  out.set(hi, 64);
  out.set(lo, loStart);
  return out;
}

/** A 16-bit greyscale PNG written by hand (sharp cannot be asked for one from raw input). */
export function greyPng16(values: Uint16Array, width: number, height: number): Buffer {
  const rows = Buffer.alloc((width * 2 + 1) * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rows.writeUInt16BE(values[y * width + x], y * (width * 2 + 1) + 1 + 2 * x);
  const chunk = (type: string, data: Buffer) => {
    const b = Buffer.alloc(12 + data.length);
    b.writeUInt32BE(data.length);
    b.write(type, 4, 'latin1');
    data.copy(b, 8);
    b.writeUInt32BE(crc32(b.subarray(4, 8 + data.length)), 8 + data.length);
    return b;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 16;
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
