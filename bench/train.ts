/**
 * Targets on a 2-core machine at 128x128: cnn >= 300 training img/s and ResNet50
 * frozen-backbone features >= 15 img/s; plus inference img/s per model and backend, and the wall
 * time of `neuroloop compare` on 1,000 synthetic CT slices (three-window input).
 * Run: npx tsx bench/train.ts [--quick] [--skip-compare] [--skip-cpu] (--skip-cpu: no pure-JS cpu child,
 * which takes minutes; both keep the last run's figures, marked from_run). Writes bench/results/train.json.
 * Each backend (and thread count) runs in its own process: tfjs has one engine per process.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { cnnVariants, resnetVariants } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { writeSynthDataset } from '@/server/imaging/write-synth-dataset';
import { chooseBackend, type BackendName } from '@/trainer/backend/choose-backend';
import { arraySource } from '@/trainer/data/image-source';
import { buildCnn } from '@/trainer/models/cnn';
import { buildResNet } from '@/trainer/models/resnet';
import { foldBatchNorm } from '@/trainer/models/blocks';
import {
  buildResNet50,
  buildResNet50Stage4Extractor,
  buildResNet50Stage5,
  buildResNet50Stage5Pooling,
  stage4Size,
} from '@/trainer/models/resnet50';
import { assignWeightsByName } from '@/trainer/models/named-weights';
import { cachedFeatures } from '@/trainer/resnet50/backbone-features';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { loadResNet50Weights } from '@/trainer/resnet50/weights';
import { fitClassifier } from '@/trainer/train/fit';
import { predictLogits } from '@/trainer/train/predict-logits';
import type { ExampleSource } from '@/trainer/train/types';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const SIZE = 128;
const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** Timed calls per measurement (the median is reported); one on the slow cpu backend. */
let repeats = 3;

interface ChildPlan {
  backend: BackendName;
  threads: number;
  /** Examples per measurement (the cpu backend gets very few). */
  scale: number;
}

function randomSource(count: number, shape: number[], seed: number): ExampleSource {
  const rng = createRng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const data = Array.from({ length: count }, () => Float32Array.from({ length: size }, () => rng.next()));
  return arraySource(
    data,
    data.map((_, i) => i % 2),
    shape,
  );
}

interface Throughput {
  /** Wall-clock images per second (depends on what else the machine runs). */
  images_per_s: number;
  /** Images per second of this process's CPU time (user + system, all its threads). */
  images_per_cpu_s: number;
  /**
   * Images per second of the main thread's CPU time (Linux; null elsewhere): the rate on a
   * machine with a free core for each helper thread (XNNPACK, augmentation) when the main
   * thread never waits for them, so an upper bound of the quiet-machine wall rate.
   */
  images_per_main_thread_cpu_s: number | null;
}

/** CPU seconds of the calling thread (the first field of /proc/thread-self/schedstat is ns on CPU). */
function threadCpuSeconds(): number | null {
  try {
    return Number(fs.readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]) / 1e9;
  } catch {
    return null;
  }
}

/**
 * Throughput of fn after one warm-up call (which warms up kernels and XNNPACK operators):
 * the median of `repeats` timed calls by wall time, with that call's CPU figures.
 */
async function throughput(fn: () => unknown, images: number): Promise<Throughput> {
  await fn();
  const runs: Throughput[] = [];
  for (let r = 0; r < repeats; r++) {
    const cpu0 = process.cpuUsage();
    const main0 = threadCpuSeconds();
    const t0 = performance.now();
    await fn();
    const wall = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const main1 = threadCpuSeconds();
    runs.push({
      images_per_s: round(images / wall),
      images_per_cpu_s: round(images / ((cpu.user + cpu.system) / 1e6)),
      images_per_main_thread_cpu_s: main0 === null || main1 === null ? null : round(images / (main1 - main0)),
    });
  }
  return runs.sort((a, b) => a.images_per_s - b.images_per_s)[Math.floor(runs.length / 2)];
}

/** One epoch of the real training loop (batching, augmentation prepared a batch ahead, dropout masks, Adam). */
function trainThroughput(
  model: tf.LayersModel,
  source: ExampleSource,
  batchSize: number,
  opts: { augment: boolean; bnTraining: boolean; augmentOnWorker?: boolean },
): Promise<Throughput> {
  const rng = createRng(1);
  const cfg = { flipHorizontal: true, flipVertical: false, maxRotationDeg: 10, intensityJitter: 0.1 };
  const epoch = () =>
    fitClassifier({
      kind: 'cnn',
      phase: 'train',
      model,
      train: source,
      validation: arraySource([], [], source.shape),
      epochs: 1,
      batchSize,
      learningRate: 1e-3,
      patience: 10,
      classWeights: [1, 1],
      bnTraining: opts.bnTraining,
      rng,
      augmentation: opts.augment ? cfg : undefined,
      augmentOnWorker: opts.augmentOnWorker,
    });
  return throughput(epoch, source.labels.length);
}

async function measureScratch(kind: 'cnn' | 'resnet', scale: number) {
  const shape: [number, number, number] = [SIZE, SIZE, 3];
  const common = { inputShape: shape, classCount: 2, dropout: 0.3 };
  const model =
    kind === 'cnn'
      ? buildCnn({ ...common, architecture: cnnVariants.fast })
      : buildResNet({ ...common, architecture: resnetVariants.resnet10 });
  const source = randomSource(Math.max(8, Math.round(256 * scale)), shape, 2);
  const batch = Math.min(32, source.labels.length);
  const result = {
    variant: kind === 'cnn' ? 'fast' : 'resnet10',
    params: model.countParams(),
    batch_size: batch,
    train: await trainThroughput(model, source, batch, { augment: true, bnTraining: true }),
    /** cnn: the same with augmentation on the training thread (the worker's gain is the difference). */
    ...(kind === 'cnn'
      ? {
          train_augment_on_main_thread: await trainThroughput(model, source, batch, {
            augment: true,
            bnTraining: true,
            augmentOnWorker: false,
          }),
        }
      : {}),
    inference: await throughput(() => predictLogits(model, source, 64), source.labels.length),
  };
  model.dispose();
  return result;
}

async function measureResNet50(scale: number) {
  const weights = await loadResNet50Weights();
  const full = buildResNet50({ inputSize: SIZE, classCount: 2, dropout: 0.5 });
  assignWeightsByName(full, weights.tensors);
  const extractor = buildResNet50Stage4Extractor({ inputSize: SIZE });
  const folded = foldBatchNorm(weights.tensors);
  assignWeightsByName(extractor, folded);
  const s4 = stage4Size(SIZE);
  const stage5 = buildResNet50Stage5({ featureSize: s4, classCount: 2, dropout: 0.5 });
  assignWeightsByName(stage5, weights.tensors);
  const pooled = buildResNet50Stage5Pooling({ featureSize: s4 });
  assignWeightsByName(pooled, folded);
  const images = randomSource(Math.max(2, Math.round(64 * scale)), [SIZE, SIZE, 3], 3);
  const maps = randomSource(Math.max(8, Math.round(128 * scale)), [s4, s4, 1024], 4);
  const n = images.labels.length;
  const unfolded = tf.model({ inputs: full.inputs, outputs: full.getLayer('avg_pool').output });
  const result = {
    weights_id: weights.id,
    /** What trainModel computes per new scan: folded stages 1-4 (cached), then pretrained stage 5 to avg_pool (cached). */
    frozen_backbone_features: await throughput(async () => {
      const common = {
        keys: images.labels.map((_, i) => String(i)),
        weightsId: weights.id,
        preprocessing: 'bench',
        cache: memoryFeatureCache(),
      };
      const { features } = await cachedFeatures({ ...common, network: extractor, source: images, layer: 'stage4' });
      await cachedFeatures({
        ...common,
        network: pooled,
        source: arraySource(features, images.labels, [s4, s4, 1024]),
        layer: 'avg_pool',
      });
    }, n),
    stage4_features_folded: await throughput(() => predictLogits(extractor, images, 16), n),
    avg_pool_features_unfolded: await throughput(() => predictLogits(unfolded, images, 16), n),
    fine_tune_stage5_train: await trainThroughput(stage5, maps, Math.min(32, maps.labels.length), {
      augment: false,
      bnTraining: false,
    }),
    inference: await throughput(() => predictLogits(full, images, 16), n),
  };
  for (const m of [full, extractor, stage5, pooled]) m.dispose();
  tf.dispose(Object.values(folded));
  return result;
}

const round = (v: number) => Math.round(v * 10) / 10;

async function child(plan: ChildPlan): Promise<void> {
  if (plan.backend === 'cpu') repeats = 1;
  const choice = await chooseBackend({
    force: plan.backend,
    wasmThreads: plan.threads,
    logger: createLogger('silent'),
  });
  const out = {
    backend: choice.name,
    threads: choice.threads,
    cnn: await measureScratch('cnn', plan.scale),
    resnet: await measureScratch('resnet', plan.scale),
    resnet50: await measureResNet50(plan.scale),
  };
  process.stdout.write(`RESULT ${JSON.stringify(out)}\n`);
}

function runChild(plan: ChildPlan): unknown {
  const r = spawnSync(
    process.execPath,
    [...process.execArgv, fileURLToPath(import.meta.url), '--child', JSON.stringify(plan)],
    {
      cwd: root,
      encoding: 'utf8',
      maxBuffer: 64 * 2 ** 20,
    },
  );
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line)
    return {
      backend: plan.backend,
      threads: plan.threads,
      error: (r.stderr || r.stdout).trim().split('\n').slice(-5).join('\n'),
    };
  return JSON.parse(line.slice('RESULT '.length));
}

/** 800 training + 200 test CT slices (512x512 DICOM, labels.csv), generated once into the temp dir. */
async function ctData(): Promise<{ train: string; test: string }> {
  const base = path.join(os.tmpdir(), 'neuroloop-bench-ct-1000');
  const sets = {
    train: { dir: path.join(base, 'train'), count: 800, seed: 11 },
    test: { dir: path.join(base, 'test'), count: 200, seed: 12 },
  };
  for (const s of Object.values(sets)) {
    if (fs.existsSync(path.join(s.dir, 'labels.csv'))) continue;
    await writeSynthDataset({ kind: 'ct-hemorrhage', count: s.count, outDir: s.dir, seed: s.seed, difficulty: 0.3 });
  }
  return { train: sets.train.dir, test: sets.test.dir };
}

async function compareWallTime() {
  const data = await ctData();
  const out = path.join(os.tmpdir(), 'neuroloop-bench-compare');
  const json = path.join(out, 'compare.json');
  const t0 = performance.now();
  const code = await new Promise<number>((resolve) => {
    const p = spawn(
      process.execPath,
      [
        path.join(root, 'bin/neuroloop.mjs'),
        'compare',
        '--data',
        data.train,
        '--test',
        data.test,
        '--image-size',
        String(SIZE),
        '--json',
        json,
      ],
      { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    p.on('exit', (c) => resolve(c ?? 1));
  });
  const wall = (performance.now() - t0) / 1000;
  if (code !== 0) return { error: `compare exited with ${code}` };
  const result = JSON.parse(fs.readFileSync(json, 'utf8')) as {
    backend: unknown;
    models: {
      kind: string;
      variant: string;
      wallSeconds: number;
      folds: {
        report: { accuracy: number; macroF1: number; macroAuc: number | null };
        trainSeconds: number;
        epochs: number;
      }[];
    }[];
  };
  return {
    images: 1000,
    split: '800 train (of which 15% validation) / 200 test, 512x512 DICOM, three-window input at 128x128',
    wall_seconds: round(wall),
    backend: result.backend,
    models: result.models.map((m) => ({
      kind: m.kind,
      variant: m.variant,
      wall_seconds: round(m.wallSeconds),
      train_seconds: round(m.folds[0].trainSeconds),
      epochs: m.folds[0].epochs,
      test_accuracy: m.folds[0].report.accuracy,
      test_macro_f1: m.folds[0].report.macroF1,
      test_macro_auc: m.folds[0].report.macroAuc,
    })),
  };
}

/** The last run's results file, if any. */
function lastRun(): {
  date: string;
  backends?: { backend: string; from_run?: string }[];
  compare_1000_ct?: unknown;
} | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(here, 'results', 'train.json'), 'utf8'));
  } catch {
    return null;
  }
}

/** With --skip-cpu: the last run's cpu-backend figures, marked with that run's date. */
function previousRun(backend: string): unknown {
  const last = lastRun();
  const entry = last?.backends?.find((b) => b.backend === backend);
  return entry ? { ...entry, from_run: entry.from_run ?? last!.date } : { backend, skipped: `--skip-${backend}` };
}

/** With --skip-compare: the last run's compare result, marked with that run's date. */
function previousCompare(): unknown {
  const last = lastRun();
  const c = last?.compare_1000_ct;
  if (typeof c !== 'object' || c === null) return 'skipped';
  return { ...c, from_run: (c as { from_run?: string }).from_run ?? last!.date };
}

async function orchestrate(): Promise<void> {
  const ladder = await chooseBackend({ logger: createLogger('silent') });
  const scale = quick ? 0.25 : 1;
  const runs = [
    runChild({ backend: 'wasm', threads: os.cpus().length, scale }),
    runChild({ backend: 'wasm', threads: 1, scale }),
    args.includes('--skip-cpu') ? previousRun('cpu') : runChild({ backend: 'cpu', threads: 1, scale: 0.03 }),
  ];
  const output = {
    benchmark: 'train',
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpu_model: os.cpus()[0]?.model,
      memory_gb: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      load_average_1m_at_start: round(os.loadavg()[0]),
      load_average_1m_at_end: 0,
    },
    image_size: SIZE,
    input: 'three channels (CT windows), batch 32 training with augmentation (cnn, resnet), batch 16 ResNet50 features',
    augmentation: 'on a worker thread, one batch ahead (train); on the training thread (train_augment_on_main_thread)',
    ladder: ladder.attempts,
    targets: { cnn_train_images_per_s: 300, resnet50_frozen_features_images_per_s: 15 },
    backends: runs,
    compare_1000_ct: args.includes('--skip-compare') ? previousCompare() : await compareWallTime(),
  };
  output.machine.load_average_1m_at_end = round(os.loadavg()[0]);
  fs.mkdirSync(path.join(here, 'results'), { recursive: true });
  fs.writeFileSync(path.join(here, 'results', 'train.json'), JSON.stringify(output, null, 2) + '\n');
  console.log(JSON.stringify(output, null, 2));
}

const childAt = args.indexOf('--child');
await (childAt >= 0 ? child(JSON.parse(args[childAt + 1]) as ChildPlan) : orchestrate());
process.exit(0);
