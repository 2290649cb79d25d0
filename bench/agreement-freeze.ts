/**
 * One agreement request on a project of `--readers` (400) readers with bootstrap
 * `--bootstrap` (10,000), as the server runs it (on its worker thread, within
 * AGREEMENT_TIME_BUDGET_MS), while this process's event loop serves a small HTTP server
 * that a client asks every 50 ms: does the computation freeze HTTP? Measures the event
 * loop's delay (perf_hooks) and the HTTP round trips during the computation.
 *
 * Run: npx tsx bench/agreement-freeze.ts [--readers 400] [--scans 2000] [--reads-per-scan 5] [--bootstrap 10000] [--budget-ms 20000]
 * JSON: bench/results/agreement-freeze.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { Read } from '@/lib/agreement/types';
import { createRng } from '@/lib/random';
import { computeAgreementOffThread } from '@/server/agreement/agreement-pool';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const CATEGORIES = ['normal', 'glioma', 'meningioma', 'pituitary'];

function simulate(readers: number, scans: number, perScan: number): Read[] {
  const rng = createRng(7);
  const ids = Array.from({ length: readers }, (_, r) => r);
  const reads: Read[] = [];
  for (let s = 0; s < scans; s++) {
    const truth = rng.int(CATEGORIES.length);
    for (const r of rng.shuffle(ids).slice(0, perScan)) {
      const label = rng.next() < 0.8 ? truth : rng.int(CATEGORIES.length);
      reads.push({ item: `scan-${s}`, reader: `reader-${r}`, label: CATEGORIES[label] });
    }
  }
  return reads;
}

const round = (v: number) => Math.round(v * 10) / 10;
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main(): Promise<void> {
  const readers = Number(arg('readers', '400'));
  const scans = Number(arg('scans', '2000'));
  const perScan = Number(arg('reads-per-scan', '5'));
  const bootstrap = Number(arg('bootstrap', '10000'));
  const budgetMs = Number(arg('budget-ms', '20000'));
  const reads = simulate(readers, scans, perScan);

  const http = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
  const roundTrips: number[] = [];
  let asking = true;
  const client = (async () => {
    while (asking) {
      const t0 = performance.now();
      await fetch(url).then((r) => r.text());
      roundTrips.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();

  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const started = performance.now();
  const answer = await computeAgreementOffThread({
    reads,
    multiLabelReads: [],
    multiLabel: false,
    categories: CATEGORIES,
    weights: 'none',
    bootstrap,
    seed: 1,
    threshold: 0.9,
    budgetMs,
  });
  const elapsedMs = performance.now() - started;
  loop.disable();
  asking = false;
  await client;
  http.close();
  const trips = [...roundTrips].sort((a, b) => a - b);
  const result = {
    bench: 'agreement-freeze',
    date: new Date().toISOString(),
    machine: `${os.cpus()[0]?.model ?? 'unknown'} x${os.availableParallelism()}, Node ${process.version}`,
    loadAverage1m: os.loadavg()[0],
    readers,
    scans,
    reads: reads.length,
    readerPairs: answer.report.cohen_kappa.length,
    bootstrapRequested: bootstrap,
    bootstrapDone: answer.report.bootstrap.done,
    budgetMs,
    note: answer.note,
    computeSeconds: round(elapsedMs / 1000),
    eventLoopDelayMs: {
      p50: round(loop.percentile(50) / 1e6),
      p99: round(loop.percentile(99) / 1e6),
      max: round(loop.max / 1e6),
    },
    httpRoundTripsDuring: trips.length,
    httpRoundTripMs: {
      p50: round(percentile(trips, 50)),
      p99: round(percentile(trips, 99)),
      max: round(trips.at(-1) ?? NaN),
    },
  };
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/agreement-freeze.json'), JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result, null, 2));
  process.exit(0);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
