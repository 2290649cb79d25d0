import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportOutcome } from '@/lib/imaging/import-report';
import { createWorkerDecodePool } from '@/server/imaging/decode-pool';
import type { ImportItem } from '@/server/imaging/import-port';
import { importItems } from '@/server/imaging/import-paths';
import { createMemorySink } from '@/server/imaging/memory-sink';
import { prepareImportItem } from '@/server/imaging/prepare-import-item';
import { workerEntry } from '@/server/workers/worker-entry';
import { ctSliceDicom, importOptions, tempDir } from './fixtures';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('decode-pool')));
afterAll(() => cleanup());

/** Every stored file (relative path -> sha256), so two stores can be compared byte for byte. */
async function storedFiles(root: string): Promise<Record<string, string>> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const out: Record<string, string> = {};
  for (const e of entries.filter((x) => x.isFile())) {
    const abs = path.join(e.parentPath, e.name);
    out[path.relative(root, abs)] = createHash('sha256')
      .update(await readFile(abs))
      .digest('hex');
  }
  return out;
}

/** Outcomes without the sink's ids (they follow the order rows happen to be saved in). */
const comparable = (outcomes: ImportOutcome[]) =>
  outcomes.map((o) => ('scanId' in o ? { ...o, scanId: undefined } : o)).sort((a, b) => (a.file < b.file ? -1 : 1));

describe('decode workers', () => {
  it('import the same scans, rows and files as decoding on the importing thread', async () => {
    const ct = ctSliceDicom(11, { size: 96 }).bytes;
    const items: ImportItem[] = [
      // The same pixels twice: the slower JPEG Lossless copy comes first in the batch, so it must be the scan.
      { name: 'Training/hemorrhage/a.dcm', bytes: ctSliceDicom(11, { size: 96, syntax: 'jpeg-lossless' }).bytes },
      { name: 'copy-of-a.dcm', bytes: ct },
      { name: 'jpll.dcm', bytes: ctSliceDicom(12, { size: 96, syntax: 'jpeg-lossless' }).bytes },
      {
        name: 'Testing/normal/b.png',
        bytes: await sharp({ create: { width: 40, height: 30, channels: 3, background: '#406080' } })
          .png()
          .toBuffer(),
      },
      { name: 'cut.dcm', bytes: ct.subarray(0, ct.length - 500) },
      {
        name: 'Testing/normal/c.jpg',
        bytes: await sharp({ create: { width: 30, height: 40, channels: 3, background: '#202020' } })
          .jpeg()
          .toBuffer(),
      },
      { name: 'notes.txt', bytes: new TextEncoder().encode('not an image') },
    ];
    const runs = [];
    for (const workers of [2, 0]) {
      const storageDir = path.join(dir, `storage-${workers}`);
      const sink = createMemorySink();
      const summary = await importItems(items, importOptions(storageDir, { workers }), sink);
      runs.push({ summary, sink, files: await storedFiles(storageDir) });
    }
    const [threads, inline] = runs;
    expect(threads.summary).toMatchObject({ imported: 4, duplicate: 1, rejected: 1, skipped: 1, labelsAttached: 3 });
    const first = threads.summary.outcomes.find((o) => o.file === 'Training/hemorrhage/a.dcm');
    expect(first).toMatchObject({ status: 'imported', split: 'TRAIN', label: 'hemorrhage' });
    expect(threads.summary.outcomes.find((o) => o.file === 'copy-of-a.dcm')).toMatchObject({
      status: 'duplicate',
      contentHash: first?.status === 'imported' ? first.contentHash : '',
    });
    expect(comparable(threads.summary.outcomes)).toEqual(comparable(inline.summary.outcomes));
    const rows = (s: typeof threads.sink) =>
      s.scans.map(({ id: _id, ...row }) => row).sort((a, b) => (a.contentHash < b.contentHash ? -1 : 1));
    expect(rows(threads.sink)).toEqual(rows(inline.sink));
    // 4 originals (the duplicate's bytes are not kept: its scan has the first copy's), 4 previews, 4 thumbnails.
    expect(Object.keys(threads.files)).toHaveLength(12);
    expect(threads.files).toEqual(inline.files);
  });

  it('refuses only the file a dying worker held, and starts a fresh worker for the next', async () => {
    const entry = fileURLToPath(new URL('./crashing-decode-worker.mjs', import.meta.url));
    const pool = createWorkerDecodePool(1, { entry: { file: entry, bundled: false } });
    const file = (seed: number, name: string) => ({
      name,
      bytes: ctSliceDicom(seed, { size: 32 }).bytes,
      maxPixels: 1e6,
    });
    try {
      expect(await pool.prepare(file(21, 'before.dcm'))).toMatchObject({
        status: 'decoded',
        frames: [{ image: { modality: 'CT', width: 32 } }],
      });
      expect(await pool.prepare(file(22, 'kills-its-worker.dcm'))).toMatchObject({
        status: 'rejected',
        reason: 'decode-failed',
        message: expect.stringContaining('code 7'),
      });
      expect(await pool.prepare(file(23, 'after.dcm'))).toMatchObject({
        status: 'decoded',
        frames: [{ image: { modality: 'CT', width: 32 } }],
      });
    } finally {
      await pool.close();
    }
  });

  it('a bundled worker (bin/build-workers.mjs) prepares files exactly as the sources do', async () => {
    // Inside the repository: the bundle finds its npm packages in node_modules from where it lies.
    const out = path.resolve('.data', `workers-test-${process.pid}`);
    const built = spawnSync(process.execPath, ['bin/build-workers.mjs', '--outdir', out, '--quiet'], {
      encoding: 'utf8',
    });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);
    const entry = workerEntry('decode-worker', 'server/imaging', { bundleDir: out });
    expect(entry).toEqual({ file: path.join(out, 'decode-worker.mjs'), bundled: true });
    const pool = createWorkerDecodePool(1, { entry });
    try {
      for (const [name, bytes] of [
        ['ct.dcm', ctSliceDicom(31, { size: 48 }).bytes],
        ['jpll.dcm', ctSliceDicom(32, { size: 48, syntax: 'jpeg-lossless' }).bytes],
        ['cut.dcm', ctSliceDicom(33, { size: 48 }).bytes.subarray(0, 200)],
      ] as const) {
        const input = { name, bytes, maxPixels: 1e6 };
        expect(bytesHashed(await pool.prepare({ ...input, bytes: bytes.slice() }))).toEqual(
          bytesHashed(await prepareImportItem(input)),
        );
      }
    } finally {
      await pool.close();
      rmSync(out, { recursive: true, force: true });
    }
  });
});

/** A value with every byte array replaced by its hash: a Buffer crosses a thread as a Uint8Array. */
function bytesHashed(value: unknown): unknown {
  return JSON.parse(
    JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      return ArrayBuffer.isView(raw)
        ? createHash('sha256')
            .update(raw as Uint8Array)
            .digest('hex')
        : v;
    }),
  );
}

describe('workerEntry', () => {
  it('uses a bundle only while every source it was built from is older than it', () => {
    const bundleDir = path.join(dir, 'manifest-check');
    const source = path.join(bundleDir, 'source.ts');
    const bundle = path.join(bundleDir, 'decode-worker.mjs');
    mkdirSync(bundleDir, { recursive: true });
    writeFileSync(source, '');
    writeFileSync(bundle, '');
    writeFileSync(
      path.join(bundleDir, 'manifest.json'),
      JSON.stringify({ 'decode-worker': { file: 'decode-worker.mjs', inputs: [source] } }),
    );
    const past = new Date(Date.now() - 60_000);
    utimesSync(source, past, past);
    expect(workerEntry('decode-worker', 'server/imaging', { bundleDir })).toEqual({ file: bundle, bundled: true });
    // A source edited after the build: the sources' own entry, run through tsx.
    const future = new Date(Date.now() + 60_000);
    utimesSync(source, future, future);
    expect(workerEntry('decode-worker', 'server/imaging', { bundleDir })).toEqual({
      file: path.resolve('server/imaging/decode-worker.mjs'),
      bundled: false,
    });
    // Not in the manifest, or no manifest: the same.
    expect(workerEntry('agreement-worker', 'server/agreement', { bundleDir })?.bundled).toBe(false);
    expect(workerEntry('decode-worker', 'server/imaging', { bundleDir: path.join(dir, 'none') })?.bundled).toBe(false);
  });
});
