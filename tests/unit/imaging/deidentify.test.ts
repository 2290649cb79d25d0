import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keptMetaKeywords } from '@/lib/dicom/deid-allow-list';
import { el } from '@/lib/dicom/write-part10';
import { deidentifyMeta } from '@/lib/imaging/deidentify';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { importItems } from '@/server/imaging/import-paths';
import { createMemorySink } from '@/server/imaging/memory-sink';
import { resolveStoragePath } from '@/server/imaging/scan-storage';
import { ctSliceDicom, importOptions, tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('deid')));
afterAll(() => cleanup());

const identifiers = ['DOE^JANE', 'PID-987654', '19700314'];
const planted = [
  el('PatientName', identifiers[0]),
  el('PatientID', identifiers[1]),
  el('PatientBirthDate', identifiers[2]),
  el('PatientSex', 'F'),
  el('StudyDate', '20240101'),
];

describe('de-identification', () => {
  it('keeps only the allow-list, which never names a patient identifier', () => {
    expect(keptMetaKeywords).not.toContain('PatientName');
    expect(keptMetaKeywords).not.toContain('PatientID');
    expect(keptMetaKeywords).not.toContain('PatientBirthDate');
    expect(deidentifyMeta({ Modality: 'CT', PatientName: 'X', Whatever: 1 })).toEqual({ Modality: 'CT' });
  });

  it('lets no patient name, ID or birth date reach metadata, the sink, stored files or logs', async () => {
    const { bytes } = ctSliceDicom(4, { extra: planted });
    const text = new TextDecoder('latin1').decode(bytes);
    for (const id of identifiers) expect(text).toContain(id); // the file really carries them

    const [image] = await decodeImageBuffer(bytes, 'x.dcm');
    expect(Object.keys(image.meta)).not.toEqual(expect.arrayContaining(['PatientName']));

    let logs = '';
    const stream = new Writable({ write: (chunk, _enc, done) => ((logs += String(chunk)), done()) });
    const logger = pino({ level: 'trace' }, stream);
    const sink = createMemorySink();
    const storageDir = path.join(dir, 'storage');
    await importItems(
      [
        { name: 'x.dcm', bytes },
        { name: 'x-bad.dcm', bytes: bytes.subarray(0, 900) },
      ],
      importOptions(storageDir, { logger }),
      sink,
    );
    expect(sink.scans).toHaveLength(1);
    expect(logs.length).toBeGreaterThan(0);
    const preview = await readFile(resolveStoragePath(storageDir, sink.scans[0].previewPath), 'latin1');
    for (const haystack of [
      JSON.stringify(image.meta),
      JSON.stringify(sink.scans),
      JSON.stringify(sink.labels),
      preview,
      logs,
    ]) {
      for (const id of identifiers) expect(haystack).not.toContain(id);
      expect(haystack).not.toMatch(/Patient(Name|ID|BirthDate)/);
    }
  });
});
