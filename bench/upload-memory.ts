/**
 * Server memory during hostile and large uploads, through the import route's use case
 * (importUpload: the streamed multipart parser, the per-file sniffing, the import) in this
 * process, while labels keep being written to another project every 20 ms:
 *   junk:  one file of `--junk-mib` (2047) MiB of random bytes, streamed chunked;
 *   files: `--files` (10,000) small real DICOM files (64x64 CT slices) in one upload.
 * Reports the process's RSS before and its peak during each, and the labels' latency.
 *
 * Run: npx tsx bench/upload-memory.ts [--junk-mib 2047] [--files 10000] [--pg-port 54654]
 * JSON: bench/results/upload-memory.json
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '@/server/config';
import { createDb } from '@/server/db/client';
import { openDatabase, withDatabase } from '@/server/db/database';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { createLogger } from '@/server/logger';
import { limitHeapGrowth } from '@/server/process/heap-growth';
import type { Services } from '@/server/services';
import { importUpload } from '@/server/use-cases/import-upload';
import { submitAnnotation } from '@/server/use-cases/submit-annotation';
import { addMember, makeProject, makeScan, makeUser } from '../tests/helpers/fixtures';
import { ctSliceDicom } from '../tests/unit/imaging/fixtures';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DB = 'neuroloop_bench_upload';
const BOUNDARY = 'neuroloop-bench-boundary';
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const enc = new TextEncoder();
const mib = (b: number) => Math.round(b / 2 ** 20);
const round = (v: number) => Math.round(v * 10) / 10;

function part(name: string, filename: string | null): Uint8Array {
  const file = filename ? `; filename="${filename}"` : '';
  return enc.encode(`--${BOUNDARY}\r\ncontent-disposition: form-data; name="${name}"${file}\r\n\r\n`);
}

/** A multipart body streamed from a generator (no length: chunked, as a browser may send it). */
function stream(gen: () => Generator<Uint8Array>): ReadableStream<Uint8Array> {
  const it = gen();
  return new ReadableStream({
    // One chunk per turn of the event loop, as a network upload arrives: a body made in this
    // process must not starve the label writes the bench measures alongside.
    async pull(c) {
      await new Promise((r) => setImmediate(r));
      const n = it.next();
      if (n.done) c.close();
      else c.enqueue(n.value);
    },
  });
}

function* junkBody(totalMib: number) {
  const block = randomBytes(1024 * 1024);
  yield part('files', 'junk.dcm');
  for (let i = 0; i < totalMib; i++) yield block;
  yield enc.encode(`\r\n`);
  yield part('paths', null);
  yield enc.encode(`upload/junk.dcm\r\n--${BOUNDARY}--\r\n`);
}

function* filesBody(dicoms: readonly Uint8Array[]) {
  for (let i = 0; i < dicoms.length; i++) {
    yield part('files', `f${i}.dcm`);
    yield dicoms[i];
    yield enc.encode('\r\n');
    yield part('paths', null);
    yield enc.encode(`upload/f${i}.dcm\r\n`);
  }
  yield enc.encode(`--${BOUNDARY}--\r\n`);
}

async function main(): Promise<void> {
  const junkMib = Number(arg('junk-mib', '2047'));
  const files = Number(arg('files', '10000'));
  const log = createLogger('warn', 'bench');
  const pgServer = await startEmbeddedPostgres({
    dataDir: path.join(root, '.data/bench-upload-postgres'),
    port: Number(arg('pg-port', '54654')),
    log,
  });
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.end();
  const url = withDatabase(pgServer.url, DB);
  const dataDir = path.join(root, '.data/bench-upload');
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: url,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    ...(process.env.IMPORT_WORKERS ? { IMPORT_WORKERS: process.env.IMPORT_WORKERS } : {}),
    ...(process.env.HEAP_GROWTH_PERCENT ? { HEAP_GROWTH_PERCENT: process.env.HEAP_GROWTH_PERCENT } : {}),
  });
  // The server's main thread runs with this (server/main.ts); the bench stands in for it.
  limitHeapGrowth(config.HEAP_GROWTH_PERCENT);
  await openDatabase(config, log);
  const db = createDb(url, { max: 10 });
  const services: Services = { config, db, log };
  const lead = await makeUser(db, 'LEAD');
  const target = await makeProject(db, {}, lead.id);
  // Labels keep flowing on another project during each upload.
  const labelling = await makeProject(db, { blindMode: false }, lead.id);
  const reader = await makeUser(db, 'ANNOTATOR', 'reader');
  await addMember(db, labelling.id, reader.email, 'ANNOTATOR');
  const scanIds: string[] = [];
  for (let i = 0; i < 400; i++) scanIds.push((await makeScan(db, labelling.id)).id);
  const sql = new pg.Pool({ connectionString: url, max: 4 });
  let labelled = 0;
  const heads = new Map<string, string>();

  async function during(what: string, body: () => Generator<Uint8Array>) {
    global.gc?.();
    const start = process.memoryUsage();
    const before = start.rss;
    let peak = before;
    let atPeak = start;
    const timeline: { s: number; rssMb: number; heapUsedMb: number; heapTotalMb: number }[] = [];
    const t00 = performance.now();
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      if (m.rss > peak) [peak, atPeak] = [m.rss, m];
      const s = Math.floor((performance.now() - t00) / 1000);
      if (timeline.at(-1)?.s !== s)
        timeline.push({ s, rssMb: mib(m.rss), heapUsedMb: mib(m.heapUsed), heapTotalMb: mib(m.heapTotal) });
    }, 25);
    const latencies: number[] = [];
    let flowing = true;
    const labels = (async () => {
      while (flowing) {
        const t0 = performance.now();
        // The reader goes round the scans, correcting their own read on each later visit.
        const scanId = scanIds[labelled % scanIds.length];
        const written = await submitAnnotation(db, sql, {
          projectId: labelling.id,
          user: { id: reader.id, name: reader.name, role: 'ANNOTATOR' },
          input: {
            idempotencyKey: `bench-${labelled}-label`,
            scanId,
            supersedesId: heads.get(scanId) ?? null,
            intent: { kind: 'label', labels: [labelled % 2 ? 'glioma' : 'normal'] },
          },
        });
        heads.set(scanId, written.event.annotation!.id);
        labelled += 1;
        latencies.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const t0 = performance.now();
    let outcome: unknown;
    try {
      outcome = await importUpload(services, {
        projectId: target.id,
        userId: lead.id,
        body: stream(body),
        contentType: `multipart/form-data; boundary=${BOUNDARY}`,
      });
    } catch (e) {
      outcome = { error: e instanceof Error ? e.message : String(e) };
    }
    const seconds = (performance.now() - t0) / 1000;
    flowing = false;
    await labels;
    clearInterval(sampler);
    const sorted = latencies.sort((a, b) => a - b);
    const summary = outcome as Record<string, unknown>;
    return {
      what,
      seconds: round(seconds),
      rssMb: { before: mib(before), peak: mib(peak), rise: mib(peak - before) },
      // What the peak's rise was made of: the JS heap (this thread's), ArrayBuffers, the rest
      // (worker threads' heaps, native allocations such as libvips, freed pages not returned).
      atPeakMb: {
        jsHeapUsed: mib(atPeak.heapUsed - start.heapUsed),
        jsHeapTotal: mib(atPeak.heapTotal - start.heapTotal),
        arrayBuffers: mib(atPeak.arrayBuffers - start.arrayBuffers),
        other: mib(
          atPeak.rss - start.rss - (atPeak.heapTotal - start.heapTotal) - (atPeak.arrayBuffers - start.arrayBuffers),
        ),
      },
      outcome:
        'error' in summary
          ? summary
          : {
              files: summary.files,
              imported: summary.imported,
              duplicate: summary.duplicate,
              rejected: summary.rejected,
              skipped: summary.skipped,
            },
      /** Memory once a second (the first sample of each second). */
      timeline,
      labelsWritten: sorted.length,
      labelMs: sorted.length
        ? {
            p50: round(sorted[Math.floor(sorted.length / 2)]),
            p99: round(sorted[Math.floor(sorted.length * 0.99)]),
            max: round(sorted.at(-1)!),
          }
        : null,
    };
  }

  const runs = [await during(`${junkMib} MiB of random bytes as one file`, () => junkBody(junkMib))];
  if (files > 0) {
    // Made before measuring: a browser's files are not in the server's memory.
    const dicoms = Array.from({ length: files }, (_, i) => ctSliceDicom(1000 + i).bytes);
    runs.push(await during(`${files} DICOM files of 64x64`, () => filesBody(dicoms)));
  }
  const result = {
    bench: 'upload-memory',
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown'} x${os.availableParallelism()}, Node ${process.version}`,
    loadAverage1m: os.loadavg()[0],
    importWorkers: config.IMPORT_WORKERS ?? os.availableParallelism(),
    heapGrowthPercent: config.HEAP_GROWTH_PERCENT,
    target: 'each raises server memory by < 150 MB while labels keep flowing',
    runs,
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/upload-memory.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  await sql.end();
  await db.$disconnect();
  await pgServer.stop();
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
