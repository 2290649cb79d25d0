/**
 * Ranking speed (scores -> ordered queue) for every strategy at 100k scans.
 * Budget: under 200 ms per ranking. Run: npx tsx bench/ranking.ts [strategy ...]
 * (naming strategies measures only those and leaves bench/results untouched).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { createRng, type Rng } from '@/lib/random';
import { getStrategyOrThrow, listStrategies } from '@/lib/strategies/registry';
import { modelKinds, type ModelScores, type ScanScores, type StrategyContext } from '@/lib/strategies/types';
import { mutualInformation } from '@/lib/strategies/uncertainty';

const SCANS = Number(process.env.BENCH_SCANS ?? 100_000);
const CLASSES = 4;
const MC_PASSES = 10;
const EMBEDDING_DIM = 64;
const BATCH_SIZE = 50;
const RUNS = 9;
const WARMUP_RUNS = 2;
const BUDGET_MS = 200;

function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exp = logits.map((x) => Math.exp(x - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((x) => x / sum);
}

/** One version's stored outputs for a scan, as the scoring job writes them (mutual information included). */
function modelScores(rng: Rng, centre: number[]): ModelScores {
  const logits = centre.map((x) => x + rng.normal());
  const mcSamples = Array.from({ length: MC_PASSES }, () => softmax(logits.map((x) => x + 0.5 * rng.normal())));
  return {
    probabilities: softmax(logits),
    mcSamples,
    mutualInformation: mutualInformation(mcSamples, new Float64Array(CLASSES)),
    embedding: Array.from({ length: EMBEDDING_DIM }, () => rng.normal()),
  };
}

/** The same scans scored by versions that predate stored mutual information: BALD computes it. */
function withoutStoredScores(scans: ScanScores[]): ScanScores[] {
  return scans.map((scan) => ({
    ...scan,
    byModel: Object.fromEntries(
      Object.entries(scan.byModel).map(([kind, m]) => [kind, { ...m, mutualInformation: undefined }]),
    ),
  }));
}

function makeScans(n: number, seed: number): ScanScores[] {
  const rng = createRng(seed);
  const now = Date.UTC(2026, 10, 21);
  return Array.from({ length: n }, (_, i) => {
    const centre = Array.from({ length: CLASSES }, () => 2 * rng.normal());
    const byModel = Object.fromEntries(modelKinds.map((kind) => [kind, modelScores(rng, centre)]));
    // A third never served: many ties in served time, so the scanId tie-break is exercised.
    const lastServedAt = rng.next() < 0.33 ? null : now - rng.int(7 * 24 * 3600) * 1000;
    return { scanId: `scan-${String(i).padStart(6, '0')}`, lastServedAt, byModel };
  });
}

function main(): void {
  const labels = ['glioma', 'meningioma', 'pituitary', 'no tumour'];
  const t0 = performance.now();
  const scans = makeScans(SCANS, 7);
  console.log(`generated ${SCANS} scans in ${Math.round(performance.now() - t0)} ms`);
  const only = process.argv.slice(2);
  const base: StrategyContext = { batchSize: BATCH_SIZE, seed: 1, labels };
  const computed = withoutStoredScores(scans);
  const cases = [
    ...listStrategies().map((strategy) => ({ label: strategy.name, strategy, ctx: base, scans })),
    {
      label: 'bald[modelKind=CNN]',
      strategy: getStrategyOrThrow('bald'),
      ctx: { ...base, modelKind: 'CNN' as const },
      scans,
    },
    // The fallback when no mutual information was stored: every kind's passes, logarithms and all.
    { label: 'bald[computed]', strategy: getStrategyOrThrow('bald'), ctx: base, scans: computed },
    {
      label: 'bald[computed,modelKind=CNN]',
      strategy: getStrategyOrThrow('bald'),
      ctx: { ...base, modelKind: 'CNN' as const },
      scans: computed,
    },
  ].filter((c) => only.length === 0 || only.includes(c.strategy.name));
  const results = cases.map(({ label, strategy, ctx, scans: input }) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    for (let run = 0; run < RUNS + WARMUP_RUNS; run++) {
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      const ranked = strategy.rank(input, ctx);
      const ms = performance.now() - start;
      const cpuUsed = process.cpuUsage(cpuStart);
      if (ranked.length !== input.length) throw new Error(`${label} returned ${ranked.length} scans`);
      if (run < WARMUP_RUNS) continue;
      wall.push(ms);
      cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
    }
    const row = {
      strategy: label,
      ...summary(wall),
      cpuMedianMs: summary(cpu).medianMs,
      withinBudget: summary(wall).medianMs < BUDGET_MS,
    };
    console.log(
      `${label.padEnd(30)} median ${row.medianMs} ms (cpu ${row.cpuMedianMs})  min ${row.minMs}  max ${row.maxMs}`,
    );
    return row;
  });
  const report = {
    benchmark: 'ranking',
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      totalMemGiB: round(totalmem() / 2 ** 30),
      node: process.version,
    },
    setup: {
      scans: SCANS,
      classes: CLASSES,
      modelKinds: modelKinds.length,
      mcPasses: MC_PASSES,
      embeddingDim: EMBEDDING_DIM,
      batchSize: BATCH_SIZE,
      runs: RUNS,
      warmupRuns: WARMUP_RUNS,
    },
    note: "medianMs is wall time; cpuMedianMs is this process's CPU time (user + system, GC threads included), steadier when other work shares the 2 cores. bald reads the mutual information the scoring job stores per (version, scan); bald[computed] is its fallback for predictions stored without it.",
    loadAverage: loadavg().map(round),
    budgetMs: BUDGET_MS,
    results,
  };
  if (only.length > 0) return;
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/ranking.json', `${JSON.stringify(report, null, 2)}\n`);
  console.log('wrote bench/results/ranking.json');
}

function summary(times: number[]): { medianMs: number; minMs: number; maxMs: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    medianMs: round(sorted[Math.floor(sorted.length / 2)]),
    minMs: round(sorted[0]),
    maxMs: round(sorted[sorted.length - 1]),
  };
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

main();
