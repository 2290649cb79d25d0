/**
 * bench/train-profile: where a training step's time goes on this backend. One epoch of the
 * trainer's loop (fitClassifier: 256 random 128x128x3 images, batch 32, Adam, batch norm in
 * training mode, then its batch-norm recalibration pass) under tf.profile, kernel time summed
 * by kernel and by kernel and input shapes. Nested kernels (a fused op and the kernel it calls)
 * are both listed. The cnn `fast` variant, or with --resnet the scratch ResNet (resnet10).
 * Run: npx tsx bench/train-profile.ts [--threads 2] [--resnet]. Writes
 * bench/results/train-profile.json (train-profile-resnet.json with --resnet).
 */
import fs from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { cnnTwin } from './lib/cnn-twin';
import { machineInfo } from './lib/machine';

const root = path.resolve(import.meta.dirname, '..');
const at = process.argv.indexOf('--threads');
const threads = at >= 0 ? Number(process.argv[at + 1]) : 2;
const kind = process.argv.includes('--resnet') ? 'resnet' : 'cnn';
const N = 256;
const BATCH = 32;

const backend = await chooseBackend({ wasmThreads: threads, logger: createLogger('warn') });
const { model, epoch } = cnnTwin(N, 1, kind);
await epoch();
const record = await epoch();
const info = await tf.profile(async () => {
  await epoch();
});
const steps = N / BATCH;
const sum = (key: (k: (typeof info.kernels)[number]) => string) => {
  const totals = new Map<string, { ms: number; calls: number }>();
  for (const k of info.kernels) {
    const entry = totals.get(key(k)) ?? { ms: 0, calls: 0 };
    entry.ms += Number(k.kernelTimeMs) || 0;
    entry.calls++;
    totals.set(key(k), entry);
  }
  return [...totals]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, 25)
    .map(([name, v]) => ({ name, msPerStep: Math.round((v.ms / steps) * 100) / 100, calls: v.calls }));
};
const out = {
  benchmark: 'train-profile',
  date: new Date().toISOString(),
  machine: machineInfo(),
  backend: `${backend.name} (${backend.threads} threads)`,
  workload: { model: kind === 'cnn' ? 'cnn fast' : 'resnet10', images: N, batch: BATCH, steps },
  trainImagesPerSecond: Math.round(record.imagesPerSecond),
  byKernel: sum((k) => k.name),
  byKernelAndShape: sum((k) => `${k.name} ${JSON.stringify(k.inputShapes)}`),
};
model.dispose();
fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
fs.writeFileSync(
  path.join(root, `bench/results/train-profile${kind === 'cnn' ? '' : '-resnet'}.json`),
  JSON.stringify(out, null, 2) + '\n',
);
console.log(
  JSON.stringify({ trainImagesPerSecond: out.trainImagesPerSecond, byKernel: out.byKernel.slice(0, 12) }, null, 2),
);
