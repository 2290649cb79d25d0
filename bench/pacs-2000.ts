/**
 * A study of 2,000 instances from a real Orthanc (Debian's orthanc + orthanc-dicomweb, started on
 * free ports by tests/helpers/orthanc.ts): one CT series of 512x512 slices, uncompressed, stored
 * over STOW-RS, then imported by the PACS importer (QIDO-RS listing in pages, WADO-RS downloads
 * PACS_DOWNLOAD_CONCURRENCY at a time, the file importer). Measures the import's wall time, the
 * download and import phases, instances/s and this process's peak RSS (sampled every 50 ms).
 * Run: npx tsx bench/pacs-2000.ts [--count 2000] [--size 512] [--concurrency 4]
 *      (BENCH_PG_PORT: the embedded PostgreSQL's port, or DATABASE_URL)
 * Writes bench/results/pacs-2000.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { encodeDicomImage, huToStored } from '@/lib/dicom/encode-image';
import { generateCtHemorrhage } from '@/lib/synth/ct-hemorrhage';
import { createDb } from '@/server/db/client';
import { MIGRATIONS_DIR, createDatabaseIfMissing, withDatabase } from '@/server/db/database';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { migrate } from '@/server/db/migrate';
import { createLogger } from '@/server/logger';
import type { PacsContext } from '@/server/pacs/pacs-context';
import { addPacsSource } from '@/server/use-cases/add-pacs-source';
import { createProject } from '@/server/use-cases/create-project';
import { importPacsSeries } from '@/server/use-cases/import-pacs-series';
import { orthancVersion, startTestOrthanc } from '../tests/helpers/orthanc';

const flag = (name: string): number | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : Number(process.argv[i + 1]);
};
const COUNT = flag('--count') ?? 2000;
const SIZE = flag('--size') ?? 512;
const CONCURRENCY = flag('--concurrency') ?? 4;
/** Instances per STOW-RS request while filling Orthanc. */
const STOW_BATCH = 100;
const BASE_SLICES = 16;
const log = createLogger('warn', 'bench-pacs-2000');
const root = path.resolve(import.meta.dirname, '..');

/** Peak resident set size of this process while `fn` runs. */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number; startRssMb: number }> {
  const startRss = process.memoryUsage.rss();
  let peak = startRss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMb: peak / 2 ** 20, startRssMb: startRss / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({
        dataDir: path.join(root, '.data/bench-postgres'),
        port: Number(process.env.BENCH_PG_PORT ?? 54369),
        log,
      });
  const adminUrl = withDatabase(process.env.DATABASE_URL ?? embedded!.url, 'postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS neuroloop_bench_pacs WITH (FORCE)');
  await admin.end();
  const url = withDatabase(adminUrl, 'neuroloop_bench_pacs');
  await createDatabaseIfMissing(url);
  await migrate(url, MIGRATIONS_DIR);
  const db = createDb(url);
  const orthanc = await startTestOrthanc();
  const work = await mkdtemp(path.join(os.tmpdir(), 'nl-bench-pacs-'));
  try {
    // One series of COUNT distinct slices: each copy of a few generated slices has its index stamped in.
    const t0 = performance.now();
    const slices = Array.from({ length: BASE_SLICES }, (_, i) =>
      huToStored(generateCtHemorrhage(3, i, { size: SIZE }).image),
    );
    const uids = { study: '2.25.7000', series: '2.25.7001' };
    let storedBytes = 0;
    for (let start = 0; start < COUNT; start += STOW_BATCH) {
      const batch: Uint8Array[] = [];
      for (let i = start; i < Math.min(COUNT, start + STOW_BATCH); i++) {
        const stored = slices[i % BASE_SLICES].slice();
        stored[0] = i & 0xfff;
        stored[1] = i >> 12;
        const file = encodeDicomImage({
          stored,
          width: SIZE,
          height: SIZE,
          modality: 'CT',
          rescale: { slope: 1, intercept: -1024 },
          uids: { ...uids, instance: `2.25.7${String(i).padStart(6, '0')}` },
          instanceNumber: i + 1,
          syntax: 'explicit-le',
        });
        storedBytes += file.length;
        batch.push(file);
      }
      const status = await orthanc.stow(batch);
      if (status !== 200) throw new Error(`STOW-RS answered ${status}`);
    }
    const fillMs = performance.now() - t0;

    const project = await createProject(
      db,
      { slug: 'bench-pacs', name: 'bench', task: 'BINARY', labels: ['normal', 'hemorrhage'], normalLabels: ['normal'] },
      null,
    );
    const ctx: PacsContext = {
      key: Buffer.alloc(32, 1),
      policy: { allowed: ['127.0.0.1'] },
      idleTimeoutMs: 30_000,
      attempts: 4,
      backoffMs: 500,
      downloadConcurrency: CONCURRENCY,
      log,
    };
    const source = await addPacsSource(db, ctx, {
      projectId: project.id,
      userId: null,
      source: { name: 'orthanc', baseUrl: orthanc.dicomWebUrl },
    });
    let downloadEndMs = 0;
    const loadAtStart = os.loadavg();
    const started = performance.now();
    const { result, peakRssMb, startRssMb } = await withPeakRss(() =>
      importPacsSeries(
        db,
        ctx,
        {
          projectId: project.id,
          userId: null,
          sourceId: source.id,
          studyInstanceUid: uids.study,
          seriesInstanceUid: uids.series,
          storageDir: path.join(work, 'storage'),
          maxPixels: 1 << 24,
        },
        (p) => {
          if (p.phase === 'import' && downloadEndMs === 0) downloadEndMs = performance.now() - started;
        },
      ),
    );
    const importMs = performance.now() - started;
    if (result.state !== 'imported' || result.imported !== COUNT)
      throw new Error(
        `expected ${COUNT} new scans, got ${JSON.stringify({ ...result, failures: result.failures.length })}`,
      );
    const out = {
      date: new Date().toISOString(),
      machine: `${os.cpus()[0]?.model ?? 'unknown'} x${os.availableParallelism()}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
      loadAverageAtStart: loadAtStart.map((l) => Number(l.toFixed(2))),
      node: process.version,
      orthanc: orthancVersion(),
      instances: COUNT,
      size: SIZE,
      transferSyntax: 'explicit VR little endian',
      studyMb: Number((storedBytes / 2 ** 20).toFixed(1)),
      downloadConcurrency: CONCURRENCY,
      fillOrthancSeconds: Number((fillMs / 1000).toFixed(1)),
      importSeconds: Number((importMs / 1000).toFixed(1)),
      downloadPhaseSeconds: Number((downloadEndMs / 1000).toFixed(1)),
      importPhaseSeconds: Number(((importMs - downloadEndMs) / 1000).toFixed(1)),
      instancesPerSecond: Number((COUNT / (importMs / 1000)).toFixed(1)),
      downloadMbPerSecond: Number((storedBytes / 2 ** 20 / (downloadEndMs / 1000)).toFixed(1)),
      startRssMb: Math.round(startRssMb),
      peakRssMb: Math.round(peakRssMb),
      loadAverageAtEnd: os.loadavg().map((l) => Number(l.toFixed(2))),
    };
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/pacs-2000.json'), `${JSON.stringify(out, null, 2)}\n`);
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await db.$disconnect();
    await orthanc.stop();
    await rm(work, { recursive: true, force: true });
    await embedded?.stop();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
