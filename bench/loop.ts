/**
 * bench/loop: label-to-new-ranking time. 1,000 labelled and 10,000 unlabelled 128x128
 * synthetic CT slices, the cnn kind: the retrain threshold is crossed, then the job runs
 * (snapshot, load, train, predict, rank) and the new queue is published (NOTIFY → app).
 * Target: under 2 minutes on the 2-core machine. Writes bench/results/loop.json.
 * Uses DATABASE_URL's server when set (a database `neuroloop_bench_loop` is recreated),
 * else an embedded PostgreSQL in .data/bench-postgres.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createLogger } from '@/server/logger';
import { createDb } from '@/server/db/client';
import { MIGRATIONS_DIR, createDatabaseIfMissing, withDatabase } from '@/server/db/database';
import { migrate } from '@/server/db/migrate';
import { startEmbeddedPostgres } from '@/server/db/embedded-postgres';
import { startBoss } from '@/server/jobs/boss';
import { listenForEvents } from '@/server/events/listen';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { createProject } from '@/server/use-cases/create-project';
import { importScans } from '@/server/use-cases/import-scans';
import { requestTraining } from '@/server/use-cases/request-training';
import { parseLabelsCsv } from '@/lib/imaging/labels-csv';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { runTrainingJob } from '@/trainer/service/run-training-job';
import { readFileSync } from 'node:fs';

const LABELLED = Number(process.env.BENCH_LABELLED ?? 1000);
const UNLABELLED = Number(process.env.BENCH_UNLABELLED ?? 10000);
const log = createLogger('warn', 'bench-loop');
const root = path.resolve(import.meta.dirname, '..');

async function main() {
  const embedded = process.env.DATABASE_URL
    ? null
    : await startEmbeddedPostgres({ dataDir: path.join(root, '.data/bench-postgres'), port: 54369, log });
  const adminUrl = withDatabase(process.env.DATABASE_URL ?? embedded!.url, 'postgres');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS neuroloop_bench_loop WITH (FORCE)');
  await admin.end();
  const url = withDatabase(adminUrl, 'neuroloop_bench_loop');
  await createDatabaseIfMissing(url);
  await migrate(url, MIGRATIONS_DIR);
  const db = createDb(url);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const boss = await startBoss(url, log);
  const work = mkdtempSync(path.join(os.tmpdir(), 'nl-bench-loop-'));
  const storageDir = path.join(work, 'storage');
  try {
    const t0 = performance.now();
    const data = await writeSynthDataset({
      kind: 'ct-hemorrhage',
      count: LABELLED + UNLABELLED,
      outDir: path.join(work, 'ct'),
      seed: 7,
      difficulty: 0.5,
      size: 128,
    });
    const rows = parseLabelsCsv(readFileSync(data.labelsCsv, 'utf8'));
    const setupSynthMs = performance.now() - t0;
    const project = await createProject(
      db,
      {
        slug: 'bench-loop',
        name: 'bench',
        task: 'BINARY',
        labels: ['normal', 'hemorrhage'],
        normalLabels: ['normal'],
        modelKinds: ['CNN'],
        imageSize: 128,
        readsPerScan: 1,
      },
      null,
    );
    const files = rows.map((r) => path.join(data.outDir, r.file));
    const t1 = performance.now();
    await importScans(db, {
      projectId: project.id,
      userId: null,
      paths: files.slice(0, LABELLED),
      labels: rows.slice(0, LABELLED),
      split: 'train',
      storageDir,
      maxPixels: 1 << 24,
    });
    await importScans(db, {
      projectId: project.id,
      userId: null,
      paths: files.slice(LABELLED),
      split: 'pool',
      storageDir,
      maxPixels: 1 << 24,
    });
    const setupImportMs = performance.now() - t1;

    const backend = await chooseBackend({ logger: log });
    let published: (() => void) | null = null;
    const publishedAt = new Promise<number>((resolve) => (published = () => resolve(performance.now())));
    const stopListening = await listenForEvents(url, log, (e) => {
      if (e.event.type === 'queue.updated') published?.();
    });
    // The threshold crossing: from here to the new queue reaching the app is what users wait for.
    const start = performance.now();
    const { trainingJobId } = await requestTraining(
      { pool, boss },
      { projectId: project.id, trigger: 'THRESHOLD', labelCount: LABELLED },
    );
    const queuedMs = performance.now() - start;
    const result = await runTrainingJob(
      { db, pool, log, backend, storageDir, featureCache: memoryFeatureCache(), workerId: 'bench' },
      trainingJobId,
    );
    const totalMs = (await publishedAt) - start;
    await stopListening();
    const version = await db.modelVersion.findFirstOrThrow({ where: { projectId: project.id } });
    const out = {
      benchmark: 'loop',
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        node: process.version,
        loadAverage: os.loadavg(),
      },
      database: process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded',
      workload: {
        labelled: LABELLED,
        unlabelled: UNLABELLED,
        imageSize: 128,
        kind: 'cnn',
        backend: `${backend.name} (${backend.threads} threads)`,
      },
      setup: { synthMs: Math.round(setupSynthMs), importMs: Math.round(setupImportMs) },
      stagesMs: { queue: Math.round(queuedMs), ...result.timings },
      labelToRankingMs: Math.round(totalMs),
      targetMs: 120_000,
      withinTarget: totalMs < 120_000,
      ranked: result.ranked,
      model: {
        epochs: (version.metrics as { history: unknown[] }).history.length,
        valMacroF1: (version.metrics as { validation: { macroF1: number } }).validation.macroF1,
      },
    };
    mkdirSync(path.join(root, 'bench/results'), { recursive: true });
    writeFileSync(path.join(root, 'bench/results/loop.json'), JSON.stringify(out, null, 2) + '\n');
    console.log(JSON.stringify(out, null, 2));
  } finally {
    await boss.stop({ graceful: false, wait: true });
    await pool.end();
    await db.$disconnect();
    await embedded?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
