/**
 * Target: Krippendorff's alpha and Dawid–Skene on 100k annotations over 20k scans
 * by 10 readers in under 2 s. Run: npx tsx bench/agreement.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrapEstimate } from '@/lib/agreement/bootstrap';
import { dawidSkene } from '@/lib/agreement/dawid-skene';
import { encodeReads } from '@/lib/agreement/encode';
import { krippendorffAlpha, krippendorffAlphaPlan } from '@/lib/agreement/krippendorff-alpha';
import { computeAgreementReport } from '@/lib/agreement/report';
import type { Read } from '@/lib/agreement/types';
import { createRng } from '@/lib/random';

const SCANS = 20_000;
const READERS = 10;
const READS_PER_SCAN = 5;
const CATEGORIES = ['none', 'epidural', 'subdural', 'subarachnoid', 'intraparenchymal'];
const RUNS = 5;

function simulate(seed: number): Read[] {
  const rng = createRng(seed);
  const accuracy = Array.from({ length: READERS }, (_, r) => 0.6 + 0.035 * r);
  const readers = Array.from({ length: READERS }, (_, r) => r);
  const reads: Read[] = [];
  for (let s = 0; s < SCANS; s++) {
    const truth = rng.next() < 0.6 ? 0 : 1 + rng.int(CATEGORIES.length - 1);
    for (const r of rng.shuffle(readers).slice(0, READS_PER_SCAN)) {
      const label = rng.next() < accuracy[r] ? truth : (truth + 1 + rng.int(CATEGORIES.length - 1)) % CATEGORIES.length;
      reads.push({ item: `scan-${s}`, reader: `reader-${r}`, label: CATEGORIES[label] });
    }
  }
  return reads;
}

/** Median wall time in ms of `runs` calls after one warm-up call. */
function time(fn: () => unknown, runs = RUNS): { median_ms: number; runs_ms: number[] } {
  fn();
  const runs_ms = Array.from({ length: runs }, () => {
    const t0 = performance.now();
    fn();
    return Math.round((performance.now() - t0) * 10) / 10;
  });
  return { median_ms: [...runs_ms].sort((a, b) => a - b)[Math.floor(runs / 2)], runs_ms };
}

const reads = simulate(42);
const data = encodeReads(reads);
const fit = dawidSkene(data);
const results = {
  encode: time(() => encodeReads(reads)),
  // A fresh object each run: the per-item sums are cached per coded table.
  krippendorff_alpha: time(() => krippendorffAlpha({ ...data })),
  krippendorff_alpha_bootstrap_1000: time(
    () => bootstrapEstimate(krippendorffAlphaPlan({ ...data }), data.items.length, { replicates: 1000 }),
    3,
  ),
  dawid_skene: time(() => dawidSkene(data)),
  target_alpha_plus_dawid_skene_from_reads: time(() => {
    const d = encodeReads(reads);
    krippendorffAlpha(d);
    dawidSkene(d);
  }),
  target_with_alpha_bootstrap_1000: time(() => {
    const d = encodeReads(reads);
    bootstrapEstimate(krippendorffAlphaPlan(d), d.items.length, { replicates: 1000 });
    dawidSkene(d);
  }, 3),
  full_report_bootstrap_1000: time(() => computeAgreementReport(reads, { bootstrap: 1000 }), 3),
  full_report_bootstrap_200: time(() => computeAgreementReport(reads, { bootstrap: 200 }), 3),
};

const output = {
  benchmark: 'agreement',
  date: new Date().toISOString(),
  machine: {
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model,
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    load_average_1m_at_end: 0,
    platform: `${os.platform()} ${os.arch()}`,
  },
  workload: {
    reads: data.label.length,
    scans: SCANS,
    readers: READERS,
    reads_per_scan: READS_PER_SCAN,
    categories: CATEGORIES.length,
  },
  dawid_skene: fit.ok ? { iterations: fit.iterations, converged: fit.converged } : { reason: fit.reason },
  target_ms: 2000,
  results,
};
output.machine.load_average_1m_at_end = Math.round(os.loadavg()[0] * 100) / 100;
const here = path.dirname(fileURLToPath(import.meta.url));
mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'agreement.json'), JSON.stringify(output, null, 2) + '\n');
console.log(JSON.stringify(output, null, 2));
