/**
 * bench/resnet50-224: ResNet50 at 224 px, the size real scans need (docs/models.md), on this
 * machine: frozen-backbone features (what training and scoring compute once per scan) in tfjs
 * and through onnxruntime, stage 5's fine-tuning on cached stage-4 maps, and the fine-tuned
 * network's scoring. Images/s, median of three timed calls after a warm-up.
 * Run: npx tsx bench/resnet50-224.ts [--images 64]. Writes bench/results/resnet50-224.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { headLayerNames } from '@/lib/models/configs';
import { createRng } from '@/lib/random';
import { createLogger } from '@/server/logger';
import { chooseBackend } from '@/trainer/backend/choose-backend';
import { arraySource } from '@/trainer/data/image-source';
import { buildResNet50, buildResNet50Stage5, resnet50Stage4Channels, stage4Size } from '@/trainer/models/resnet50';
import { assignWeightsByName } from '@/trainer/models/named-weights';
import { createNetworkRunner } from '@/trainer/onnx/network-runner';
import { buildFoldedBackbone } from '@/trainer/resnet50/pooled-features';
import { loadResNet50Weights } from '@/trainer/resnet50/weights';
import { fitClassifier } from '@/trainer/train/fit';
import { machineInfo } from './lib/machine';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const at = args.indexOf('--images');
const N = at >= 0 ? Number(args[at + 1]) : 64;
const SIZE = 224;
const BATCH = 16;

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const round = (v: number) => Math.round(v * 10) / 10;

async function imagesPerSecond(fn: () => Promise<unknown> | unknown, count: number): Promise<number> {
  await fn();
  const rates: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    await fn();
    rates.push(count / ((performance.now() - t0) / 1000));
  }
  return round(median(rates));
}

async function main() {
  const backend = await chooseBackend({ logger: createLogger('warn') });
  const rng = createRng(5);
  const perImage = SIZE * SIZE * 3;
  const pixels = new Float32Array(N * perImage).map(() => rng.next());
  const weights = await loadResNet50Weights();
  const backbone = buildFoldedBackbone(weights, SIZE);

  /** tfjs and onnxruntime on one network, in batches of BATCH. */
  const bothEngines = async (network: tf.LayersModel, output?: tf.SymbolicTensor) => {
    const viaTfjs = await createNetworkRunner(network, { engine: 'tfjs', output });
    const viaOrt = await createNetworkRunner(network, { engine: 'onnxruntime', output });
    const pass = (runner: typeof viaTfjs) => async () => {
      for (let i = 0; i < N; i += BATCH) await runner.run(pixels.subarray(i * perImage, (i + BATCH) * perImage), BATCH);
    };
    const result = {
      tfjs: await imagesPerSecond(pass(viaTfjs), N),
      onnxruntime: await imagesPerSecond(pass(viaOrt), N),
    };
    await viaOrt.dispose();
    return { ...result, speedup: round(result.onnxruntime / result.tfjs) };
  };

  const features = {
    /** The default variant's features (stage4): stages 1-4, max-pooled. */
    stage4Max: await bothEngines(backbone.toStage4Max),
    /** The frozen and finetune variants' features: stage 5's average pool. */
    stage5AvgPool: await bothEngines(backbone.toPooled),
    /** The stage-4 maps fine-tuning trains on. */
    stage4Maps: await bothEngines(backbone.stage4),
  };
  backbone.dispose();

  // Fine-tuning stage 5 and the head on cached stage-4 maps (BN in inference mode, as trained).
  const s4 = stage4Size(SIZE);
  const stage5 = buildResNet50Stage5({ featureSize: s4, classCount: 2, dropout: 0.5 });
  assignWeightsByName(stage5, weights.tensors);
  const mapSize = s4 * s4 * resnet50Stage4Channels;
  const maps = Array.from({ length: N }, () => new Float32Array(mapSize).map(() => rng.next()));
  const source = arraySource(
    maps,
    maps.map((_, i) => i % 2),
    [s4, s4, resnet50Stage4Channels],
  );
  const fineTune = await imagesPerSecond(async () => {
    const [record] = await fitClassifier({
      kind: 'resnet50',
      phase: 'fine-tune',
      model: stage5,
      train: source,
      validation: arraySource([], [], source.shape),
      epochs: 1,
      batchSize: 32,
      learningRate: 1e-4,
      patience: 10,
      classWeights: null,
      bnTraining: false,
      rng,
    });
    return record;
  }, N);
  stage5.dispose();

  // Scoring a fine-tuned model: the whole network from the image to its embedding.
  const full = buildResNet50({ inputSize: SIZE, classCount: 2, dropout: 0.5 });
  assignWeightsByName(full, weights.tensors);
  const scoring = await bothEngines(full, full.getLayer(headLayerNames.dropout).input as tf.SymbolicTensor);
  full.dispose();

  const out = {
    benchmark: 'resnet50-224',
    date: new Date().toISOString(),
    machine: machineInfo(),
    backend: `${backend.name} (${backend.threads} threads)`,
    images: N,
    imageSize: SIZE,
    featuresImagesPerSecond: features,
    fineTuneStage5ImagesPerSecond: fineTune,
    fineTunedScoringImagesPerSecond: scoring,
  };
  fs.mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench/results/resnet50-224.json'), JSON.stringify(out, null, 2) + '\n');
  console.log(JSON.stringify(out, null, 2));
}

await main();
