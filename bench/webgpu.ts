/**
 * bench/webgpu: what the backend ladder chooses on this machine, and the trainer's throughput on it.
 * Needs no database and no network, so that it also runs bundled (bench/gpu-pack.mjs) on a GPU
 * machine that has nothing installed. Reports: the backend and adapter, a training step against the
 * CPU backend, matmul and conv rates, the cnn's training and inference img/s at 128 and 224 px, and
 * ResNet50 at 224 px: stage-4 feature extraction, stage-5 fine-tuning (what the trainer trains on
 * cached stage-4 maps) and full training. Weights are random: speed does not depend on them.
 * Writes bench/results/webgpu.json (or $OUT/webgpu.json when OUT is set).
 *
 *   npx tsx bench/webgpu.ts [--quick]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { cnnVariants } from '@/lib/models/configs';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { compareTrainingStep } from '@/trainer/backend/webgpu-rung';
import { buildCnn } from '@/trainer/models/cnn';
import {
  buildResNet50,
  buildResNet50Stage4Extractor,
  buildResNet50Stage5,
  resnet50Stage4Channels,
  stage4Size,
} from '@/trainer/models/resnet50';

const quick = process.argv.includes('--quick');
const reps = quick ? 2 : 10;
const results: Record<string, unknown> = {
  bench: 'webgpu',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, platform: `${os.platform()} ${os.arch()}` },
  quick,
};
const outFile = process.env.OUT
  ? path.join(process.env.OUT, 'webgpu.json')
  : path.resolve(import.meta.dirname, 'results/webgpu.json');

function record(key: string, value: unknown) {
  results[key] = value;
  console.log(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(results, null, 2) + '\n');
}

async function rate(name: string, images: number, run: () => Promise<void>) {
  await run();
  await run();
  const t = performance.now();
  for (let i = 0; i < reps; i++) await run();
  record(name, +((images * reps) / ((performance.now() - t) / 1000)).toFixed(1));
}

async function predictOnce(model: tf.LayersModel, x: tf.Tensor) {
  const p = model.predict(x) as tf.Tensor;
  await p.data();
  p.dispose();
}

function labels(batch: number) {
  return tf.tidy(() =>
    tf
      .oneHot(
        tf.tensor1d(
          Array.from({ length: batch }, (_, i) => i % 4),
          'int32',
        ),
        4,
      )
      .toFloat(),
  );
}

function compileForTraining(model: tf.LayersModel) {
  model.compile({
    optimizer: tf.train.adam(1e-4),
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.softmaxCrossEntropy(yTrue, yPred),
  });
}

async function trainAndInfer(name: string, model: tf.LayersModel, inputShape: number[], batch: number) {
  compileForTraining(model);
  const x = tf.randomNormal([batch, ...inputShape]);
  const y = labels(batch);
  await rate(`${name}_train_img_s`, batch, async () => {
    await model.trainOnBatch(x, y);
  });
  await rate(`${name}_infer_img_s`, batch, () => predictOnce(model, x));
  tf.dispose([x, y]);
  model.dispose();
}

async function kernelRates() {
  const n = quick ? 1024 : 4096;
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  await rate('matmul_per_s', 1, async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  record(`matmul_${n}_tflops`, +(((2 * n ** 3) / 1e12) * (results.matmul_per_s as number)).toFixed(2));
  const x = tf.randomNormal([quick ? 4 : 32, 56, 56, 64]) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 64, 64]) as tf.Tensor4D;
  await rate('conv_per_s', 1, async () => {
    const c = tf.conv2d(x, w, 1, 'same');
    await c.data();
    c.dispose();
  });
  record(
    'conv3x3_56x56x64_tflops',
    +(((2 * x.shape[0] * 56 * 56 * 64 * 64 * 9) / 1e12) * (results.conv_per_s as number)).toFixed(2),
  );
  tf.dispose([a, b, x, w]);
}

async function main() {
  const logger = createLogger('info', 'bench-webgpu');
  const choice = await chooseBackend({ logger });
  record('backend', { name: choice.name, attempts: choice.attempts, threads: choice.threads });
  if (choice.name === 'webgpu') record('gradient_difference_vs_cpu', await compareTrainingStep('webgpu', 'cpu'));
  await tf.setBackend(choice.name === 'tensorflow-gpu' ? 'tensorflow' : choice.name);
  await kernelRates();
  const batch = quick ? 4 : 64;
  const cnn = (size: number, channels: number) =>
    buildCnn({ inputShape: [size, size, channels], classCount: 4, architecture: cnnVariants.fast, dropout: 0.3 });
  await trainAndInfer('cnn_128', cnn(128, 1), [128, 128, 1], batch);
  await trainAndInfer('cnn_224', cnn(224, 3), [224, 224, 3], batch);
  if (quick && choice.name !== 'webgpu') {
    record('note', 'ResNet50 skipped: --quick on a CPU backend');
    return;
  }
  const r50batch = quick ? 2 : 32;
  const extractor = buildResNet50Stage4Extractor({ inputSize: 224 });
  const images = tf.randomNormal([r50batch, 224, 224, 3]);
  await rate('resnet50_224_stage4_features_img_s', r50batch, () => predictOnce(extractor, images));
  extractor.dispose();
  images.dispose();
  const s4 = stage4Size(224);
  for (const b of quick ? [2] : [32, 64]) {
    const model = buildResNet50Stage5({ featureSize: s4, classCount: 4, dropout: 0.3 });
    compileForTraining(model);
    const maps = tf.randomNormal([b, s4, s4, resnet50Stage4Channels]);
    const y = labels(b);
    await rate(`resnet50_224_stage5_finetune_b${b}_img_s`, b, async () => {
      await model.trainOnBatch(maps, y);
    });
    tf.dispose([maps, y]);
    model.dispose();
  }
  await trainAndInfer(
    'resnet50_224_full',
    buildResNet50({ inputSize: 224, classCount: 4, dropout: 0.3 }),
    [224, 224, 3],
    r50batch,
  );
  record('tensors_left', tf.memory().numTensors);
}

await main();
console.log(`wrote ${outFile}`);
process.exit(0);
