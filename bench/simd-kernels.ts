/**
 * bench/simd-kernels: the trainer's training throughput with the SIMD kernels (batch norm, the
 * max-pool gradient, the filter gradient's patches, the input gradient's flipped filter;
 * docs/ARCHITECTURE.md, "SIMD kernels") and
 * with the JavaScript loops they replace, alternating in one run so both see the same load.
 * The cnn `fast` variant and the scratch ResNet (resnet10) on 512 random 128x128x3 images,
 * batch 32, Adam at 1e-3 (fitClassifier's training loop); each round, each side the median of
 * three epochs after a warm-up.
 * Run: npx tsx bench/simd-kernels.ts [--rounds 3] [--threads 2]. Writes bench/results/simd-kernels.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { setSimdKernelsEnabled, simdKernels } from '@/trainer/backend/simd/simd-kernels';
import * as tf from '@tensorflow/tfjs';
import { cnnTwin } from './lib/cnn-twin';
import { machineInfo } from './lib/machine';
import { median, numberOption } from './lib/options';

const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = numberOption('rounds', 3);
const THREADS = numberOption('threads', 2);
const N = 512;

const backend = await chooseBackend({ wasmThreads: THREADS, logger: createLogger('warn') });
if (!simdKernels(tf.backend())) {
  console.log(`bench/simd-kernels skipped: the SIMD kernels do not load on ${backend.name}`);
  process.exit(0);
}
const kinds = ['cnn', 'resnet'] as const;
const twins = Object.fromEntries(kinds.map((kind) => [kind, cnnTwin(N, 1, kind)]));
const rounds: { round: number; kind: string; simd: number; javascript: number; speedup: number }[] = [];
for (let r = 1; r <= ROUNDS; r++) {
  for (const kind of kinds) {
    const measure = async (on: boolean) => {
      setSimdKernelsEnabled(on);
      await twins[kind].epoch();
      const rates: number[] = [];
      for (let i = 0; i < 3; i++) rates.push((await twins[kind].epoch()).imagesPerSecond);
      return median(rates);
    };
    // Alternate which side goes first.
    const [first, second] = r % 2 ? [true, false] : [false, true];
    const a = await measure(first);
    const b = await measure(second);
    const simd = first ? a : b;
    const javascript = first ? b : a;
    const row = {
      round: r,
      kind,
      simd: Math.round(simd),
      javascript: Math.round(javascript),
      speedup: Number((simd / javascript).toFixed(2)),
    };
    rounds.push(row);
    console.log(JSON.stringify({ ...row, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))) }));
  }
}
setSimdKernelsEnabled(true);
const summary = Object.fromEntries(
  kinds.map((kind) => {
    const mine = rounds.filter((row) => row.kind === kind);
    return [
      kind,
      {
        simd: median(mine.map((row) => row.simd)),
        javascript: median(mine.map((row) => row.javascript)),
        speedup: median(mine.map((row) => row.speedup)),
      },
    ];
  }),
);
const out = {
  benchmark: 'simd-kernels',
  date: new Date().toISOString(),
  machine: machineInfo(),
  backend: `${backend.name} (${backend.threads} threads)`,
  workload: { images: N, batch: 32, rounds: ROUNDS, epochsPerSide: 3 },
  rounds,
  trainImagesPerSecond: summary,
};
for (const twin of Object.values(twins)) twin.model.dispose();
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench/results/simd-kernels.json'), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(summary, null, 2));
