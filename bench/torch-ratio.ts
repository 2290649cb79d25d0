/**
 * bench/torch-ratio: the cnn `fast` variant against its PyTorch twin (../shared/bench-ref/
 * torch_cnn_fast.py), measured alternately in one run so both see the same load. The same
 * protocol on both sides: 128x128x3 random images, 1,024 per epoch, batch 32, Adam at 1e-3,
 * one warm-up epoch then the median of three; inference in batches of 64, median of three.
 * Our training figure is the training loop of fitClassifier (what the trainer runs; the epoch's
 * batch-norm recalibration and validation pass are not in it, as the twin has neither); our
 * inference figures are tfjs' predict and the onnxruntime graph the scorer runs.
 * Goals: training >= 0.3 and inference >= 0.5 of PyTorch's images/s.
 * Run: npx tsx bench/torch-ratio.ts [--rounds 3] [--threads 2]. Writes bench/results/torch-ratio.json.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { createNetworkRunner } from '@/trainer/onnx/network-runner';
import { predictLogits } from '@/trainer/train/predict-logits';
import { cnnTwin } from './lib/cnn-twin';
import { machineInfo } from './lib/machine';
import { median, numberOption } from './lib/options';

const root = path.resolve(import.meta.dirname, '..');
const ROUNDS = numberOption('rounds', 3);
const THREADS = numberOption('threads', 2);
const N = 1024;
const twin = path.resolve(root, '../shared/bench-ref/torch_cnn_fast.py');
const python = '/usr/bin/python3';

const round = (v: number, digits = 0) => Number(v.toFixed(digits));

function torchAvailable(): string | null {
  if (!fs.existsSync(twin)) return `${twin} is absent`;
  const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) return `${python} cannot import torch (apt-get install -y python3-torch)`;
  return null;
}

function runTwin(): { train: number; inference: number; version: string } {
  const out = spawnSync(python, [twin, String(THREADS)], { encoding: 'utf8' });
  const m = /torch (\S+) threads \d+: cnn-fast train (\d+) img\/s, inference (\d+) img\/s/.exec(out.stdout);
  if (!m) throw new Error(`the PyTorch twin printed no figures: ${out.stdout}${out.stderr}`);
  return { version: m[1], train: Number(m[2]), inference: Number(m[3]) };
}

async function main() {
  const missing = torchAvailable();
  if (missing) {
    console.log(`bench/torch-ratio skipped: ${missing}`);
    return;
  }
  const backend = await chooseBackend({ wasmThreads: THREADS, logger: createLogger('warn') });
  const { model, source, pixels, perImage, epoch } = cnnTwin(N);
  const trainEpoch = async () => (await epoch()).imagesPerSecond;
  const timed = async (fn: () => unknown) => {
    const t0 = performance.now();
    await fn();
    return N / ((performance.now() - t0) / 1000);
  };

  await trainEpoch();
  type Ratios = { train: number; inferenceOnnxruntime: number; inferenceTfjs: number };
  const rounds: { round: number; ratio: Ratios; [field: string]: unknown }[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const train = median([await trainEpoch(), await trainEpoch(), await trainEpoch()]);
    const tfjsPass = () => predictLogits(model, source, 64);
    const tfjsInference = median([await timed(tfjsPass), await timed(tfjsPass), await timed(tfjsPass)]);
    // The scorer's engine on the same weights: the whole network, logits out.
    const runner = await createNetworkRunner(model, { engine: 'onnxruntime', threads: THREADS });
    const ortPass = async () => {
      for (let i = 0; i < N; i += 64) await runner.run(pixels.subarray(i * perImage, (i + 64) * perImage), 64);
    };
    await ortPass();
    const ortInference = median([await timed(ortPass), await timed(ortPass), await timed(ortPass)]);
    await runner.dispose();
    const torch = runTwin();
    const row = {
      round: r + 1,
      ours: { train: round(train), inferenceTfjs: round(tfjsInference), inferenceOnnxruntime: round(ortInference) },
      torch,
      ratio: {
        train: round(train / torch.train, 3),
        inferenceOnnxruntime: round(ortInference / torch.inference, 3),
        inferenceTfjs: round(tfjsInference / torch.inference, 3),
      },
      loadAverage: os.loadavg().map((v) => round(v, 2)),
    };
    console.log(JSON.stringify(row));
    rounds.push(row);
  }
  model.dispose();
  const ratios = (key: keyof Ratios) => {
    const values = rounds.map((r) => r.ratio[key]);
    return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
  };
  const summary = {
    train: { ...ratios('train'), goal: 0.3 },
    inferenceOnnxruntime: { ...ratios('inferenceOnnxruntime'), goal: 0.5 },
    inferenceTfjs: ratios('inferenceTfjs'),
  };
  const out = {
    benchmark: 'torch-ratio',
    date: new Date().toISOString(),
    machine: machineInfo(),
    backend: `${backend.name} (${backend.threads} threads)`,
    threads: THREADS,
    workload: { model: 'cnn fast, 128x128x3, 2 classes', images: N, trainBatch: 32, inferenceBatch: 64 },
    rounds,
    summary,
  };
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/results/torch-ratio.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(summary, null, 2));
}

await main();
