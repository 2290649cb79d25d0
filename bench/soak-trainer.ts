/**
 * bench/soak-trainer: does the trainer hold its memory over many jobs? Trains the three model
 * kinds (each kind's default variant, warm-started from its previous round as the trainer
 * service does), then scores a few scans with each, N times in one process on small real MRI
 * slices, and records after every iteration the live tensors, registered variables, the WASM
 * heap, the JS heap and the process RSS. Reports each series' slope after warm-up.
 *
 * Run: npx tsx bench/soak-trainer.ts [--iterations 100] [--size 64] [--train 48] [--epochs 2]
 *      [--warm-up 5] [--kinds cnn,resnet,resnet50] [--variant finetune] [--data DIR]
 * DIR defaults to ../shared/data/brain-mri-dev (a Training/<class>/ folder of real slices).
 * Writes bench/results/soak-trainer.json after every iteration (a stopped run keeps its rows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { modelKindSchema, type ModelKind } from '@/lib/models/configs';
import { decodeImageBuffer } from '@/server/imaging/decode-file';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { wasmHeapBytes } from '@/trainer/backend/wasm-memory';
import { loadFolderDataset } from '@/trainer/compare/load-folder-dataset';
import { createScorer } from '@/trainer/onnx/scorer';
import { memoryFeatureCache } from '@/trainer/resnet50/feature-cache';
import { trainModel, type TrainedModel } from '@/trainer/train/train-model';
import { linearSlope } from './soak/slope';

const root = path.resolve(import.meta.dirname, '..');
const { values: flags } = parseArgs({
  options: {
    iterations: { type: 'string', default: '100' },
    size: { type: 'string', default: '64' },
    train: { type: 'string', default: '48' },
    epochs: { type: 'string', default: '2' },
    'warm-up': { type: 'string', default: '5' },
    kinds: { type: 'string', default: 'cnn,resnet,resnet50' },
    /** The ResNet50 variant (default: the kind's default, stage4; finetune also trains stage 5). */
    variant: { type: 'string' },
    data: { type: 'string', default: path.resolve(root, '../shared/data/brain-mri-dev') },
    out: { type: 'string', default: path.join(root, 'bench/results/soak-trainer.json') },
  },
});
const iterations = Number(flags.iterations);
const size = Number(flags.size);
const warmUp = Number(flags['warm-up']);
const kinds = flags.kinds.split(',').map((k) => modelKindSchema.parse(k.trim()));
const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

interface Row {
  iteration: number;
  seconds: number;
  tensors: number;
  variables: number;
  wasmHeapMiB: number;
  jsHeapMiB: number;
  rssMiB: number;
}

function sample(iteration: number, seconds: number): Row {
  const mem = process.memoryUsage();
  return {
    iteration,
    seconds: Math.round(seconds * 10) / 10,
    tensors: tf.memory().numTensors,
    variables: Object.keys(tf.engine().registeredVariables).length,
    wasmHeapMiB: mb(wasmHeapBytes()),
    jsHeapMiB: mb(mem.heapUsed),
    rssMiB: mb(mem.rss),
  };
}

/** Per series after warm-up: first, last, max - min and the least-squares slope per iteration. */
function summarise(rows: Row[]) {
  const settled = rows.filter((r) => r.iteration >= warmUp);
  const series = ['tensors', 'variables', 'wasmHeapMiB', 'jsHeapMiB', 'rssMiB'] as const;
  return Object.fromEntries(
    series.map((s) => {
      const ys = settled.map((r) => r[s]);
      return [
        s,
        {
          first: ys[0],
          last: ys.at(-1),
          range: ys.length ? Math.max(...ys) - Math.min(...ys) : null,
          slopePerIteration: ys.length > 1 ? Math.round(linearSlope(ys) * 1000) / 1000 : null,
        },
      ];
    }),
  );
}

async function main() {
  if (!fs.existsSync(flags.data)) {
    process.stdout.write(`soak-trainer skipped: no data at ${flags.data} (pass --data DIR)\n`);
    return;
  }
  const backend = await chooseBackend({ logger: createLogger('warn', 'soak') });
  const data = await loadFolderDataset(flags.data, { decode: decodeImageBuffer, maxSide: size });
  const count = Number(flags.train);
  const dataset = {
    labels: data.labels,
    train: data.train.slice(0, count),
    validation: data.train.slice(count, count + Math.ceil(count / 3)),
    test: data.test.slice(0, 16),
  };
  const scoring = data.train.slice(0, 32).map((d) => d.image);
  const featureCache = memoryFeatureCache();
  const rows: Row[] = [];
  const previous = new Map<ModelKind, TrainedModel>();
  const started = performance.now();
  const write = (done: boolean) => {
    const result = {
      bench: 'soak-trainer',
      date: new Date().toISOString(),
      backend: { name: backend.name, threads: backend.threads },
      settings: {
        iterations,
        size,
        train: dataset.train.length,
        epochs: Number(flags.epochs),
        warmUp,
        kinds,
        resnet50Variant: flags.variant ?? 'default',
      },
      data: path.relative(root, flags.data),
      done,
      summary: summarise(rows),
      rows,
    };
    fs.mkdirSync(path.dirname(flags.out), { recursive: true });
    fs.writeFileSync(flags.out, `${JSON.stringify(result, null, 2)}\n`);
  };
  process.stdout.write(
    `soak-trainer: ${kinds.join(', ')} x ${iterations} on ${dataset.train.length} real slices at ${size}px, backend ${backend.name}\n`,
  );
  process.stdout.write('iteration  seconds  tensors  variables  wasm MiB  js MiB  rss MiB\n');
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    for (const kind of kinds) {
      const last = previous.get(kind);
      const trained = await trainModel(dataset, {
        backend,
        featureCache,
        warmStart: last?.model,
        config: {
          kind,
          ...(kind === 'resnet50' && flags.variant ? { variant: flags.variant } : {}),
          preprocessing: { imageSize: size },
          training: { epochs: Number(flags.epochs), patience: 5, seed: i },
        },
      });
      last?.model.dispose();
      previous.set(kind, trained);
      // As the trainer scores: through onnxruntime when it matches tfjs (a session per model version).
      const scorer = await createScorer(trained);
      await scorer.predict(scoring, { mcDropoutPasses: 4, embeddings: true });
      await scorer.dispose();
    }
    const row = sample(i, (performance.now() - t0) / 1000);
    rows.push(row);
    process.stdout.write(
      `${String(i).padStart(9)}  ${row.seconds.toFixed(1).padStart(7)}  ${String(row.tensors).padStart(7)}  ${String(row.variables).padStart(9)}  ${row.wasmHeapMiB.toFixed(1).padStart(8)}  ${row.jsHeapMiB.toFixed(1).padStart(6)}  ${row.rssMiB.toFixed(1).padStart(7)}\n`,
    );
    write(false);
  }
  for (const m of previous.values()) m.model.dispose();
  write(true);
  const s = summarise(rows);
  process.stdout.write(
    `after warm-up (iteration ${warmUp} on): tensors range ${s.tensors.range}, WASM heap ${s.wasmHeapMiB.slopePerIteration} MiB/iteration, RSS ${s.rssMiB.slopePerIteration} MiB/iteration; ${((performance.now() - started) / 60_000).toFixed(1)} min\n`,
  );
  process.stdout.write(`wrote ${path.relative(root, flags.out)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`soak-trainer failed: ${(e as Error).stack ?? String(e)}\n`);
  process.exit(1);
});
