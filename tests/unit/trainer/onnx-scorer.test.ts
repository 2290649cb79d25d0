import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headLayerNames } from '@/lib/models/configs';
import { createLogger } from '@/server/logger';
import { chooseBackend, type BackendChoice } from '@/trainer/backend/choose-backend';
import { buildResNet50 } from '@/trainer/models/resnet50';
import { exportLayersToOnnx, UnsupportedLayerError } from '@/trainer/onnx/from-layers';
import { varint } from '@/trainer/onnx/protobuf';
import {
  autoScoringEngine,
  createNetworkRunner,
  relativeDifference,
  setDefaultScoringEngine,
} from '@/trainer/onnx/network-runner';
import { createScorer, SCORING_TOLERANCE } from '@/trainer/onnx/scorer';
import { predictProbabilities } from '@/trainer/predict';
import { trainModel, type TrainedModel } from '@/trainer/train/train-model';
import { tinyDataset } from './fixtures';

let backend: BackendChoice;
const trained: Record<'cnn' | 'resnet', TrainedModel> = {} as never;
const images = tinyDataset({ count: 10, size: 40, seed: 21, ct: true }).map((d) => d.image);

/** Moving statistics and betas far from their initial values, so that a wrong batch norm shows. */
function randomiseBatchNorm(model: tf.LayersModel, seed: number): void {
  let s = seed;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    for (const v of layer.weights) {
      const [lo, hi] = v.originalName.endsWith('moving_variance')
        ? [0.5, 1.5]
        : v.originalName.endsWith('moving_mean')
          ? [-0.2, 0.2]
          : v.originalName.endsWith('beta')
            ? [-0.3, 0.3]
            : [0.8, 1.2];
      v.write(tf.randomUniform(v.shape as number[], lo, hi, 'float32', s++));
    }
  }
}

async function runOnnx(bytes: Uint8Array, name: string, x: tf.Tensor, output: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 2 });
  const result = await session.run({ [name]: new ort.Tensor('float32', x.dataSync() as Float32Array, x.shape) });
  const data = (result[output].data as Float32Array).slice();
  await session.release();
  return data;
}

describe('scoring with onnxruntime', () => {
  beforeAll(async () => {
    backend = await chooseBackend({ force: 'wasm', wasmThreads: 2, logger: createLogger('silent') });
    const data = tinyDataset({ count: 24, size: 40, seed: 20, ct: true });
    for (const kind of ['cnn', 'resnet'] as const) {
      trained[kind] = await trainModel(
        { labels: ['normal', 'hemorrhage'], train: data },
        {
          backend,
          config: {
            kind,
            variant: kind === 'cnn' ? 'fast' : 'resnet10',
            preprocessing: { imageSize: 32 },
            training: { epochs: 1, batchSize: 8 },
          },
        },
      );
      randomiseBatchNorm(trained[kind].model, kind === 'cnn' ? 1 : 100);
    }
  });
  afterAll(() => {
    for (const t of Object.values(trained)) t.model.dispose();
  });

  it('says in words which engine scores by default: onnxruntime, which ships in the npm package', async () => {
    expect(await autoScoringEngine()).toBe('onnxruntime where it agrees with tfjs');
  });

  it('writes varints as protobuf does, negative values in ten bytes', () => {
    expect([...varint(0)]).toEqual([0]);
    expect([...varint(1)]).toEqual([1]);
    expect([...varint(300)]).toEqual([0xac, 0x02]);
    expect([...varint(2 ** 35)]).toEqual([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);
    expect([...varint(-1)]).toEqual([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  });

  it.each(['cnn', 'resnet'] as const)(
    'the exported %s computes the same embeddings and logits as tfjs',
    async (kind) => {
      const { model } = trained[kind];
      const x = tf.randomUniform([5, 32, 32, 3], 0, 1, 'float32', 7);
      for (const output of [model.getLayer(headLayerNames.dropout).input as tf.SymbolicTensor, model.outputs[0]]) {
        const exported = exportLayersToOnnx(model, output);
        expect(exported.inputShape).toEqual([32, 32, 3]);
        const reference = tf.model({ inputs: model.inputs, outputs: output }).predict(x) as tf.Tensor;
        const ours = await runOnnx(exported.bytes, exported.inputName, x, exported.outputName);
        expect(ours.length).toBe(reference.size);
        expect(relativeDifference(ours, reference.dataSync())).toBeLessThan(1e-5);
        reference.dispose();
      }
      x.dispose();
    },
  );

  it('the exported ResNet50 (zero padding, max pooling, bottleneck blocks, caffe preprocessing) matches tfjs', async () => {
    const model = buildResNet50({ inputSize: 48, classCount: 3, dropout: 0.5 });
    randomiseBatchNorm(model, 500);
    const x = tf.randomUniform([2, 48, 48, 3], 0, 1, 'float32', 8);
    const output = model.getLayer(headLayerNames.embedding).output as tf.SymbolicTensor;
    const exported = exportLayersToOnnx(model, output);
    expect(exported.outputShape).toEqual([2048]);
    const reference = tf.model({ inputs: model.inputs, outputs: output }).predict(x) as tf.Tensor;
    const ours = await runOnnx(exported.bytes, exported.inputName, x, exported.outputName);
    expect(relativeDifference(ours, reference.dataSync())).toBeLessThan(1e-4);
    tf.dispose([x, reference]);
    model.dispose();
  });

  it.each(['cnn', 'resnet'] as const)(
    'a %s scorer gives the probabilities, MC passes and embeddings of tfjs within the tolerance',
    async (kind) => {
      const lines: string[] = [];
      const log = Object.assign(createLogger('silent'), { info: (_: unknown, msg: string) => lines.push(msg) });
      const scorer = await createScorer(trained[kind], { log: log as never });
      expect(scorer.engine).toBe('onnxruntime');
      const before = tf.memory().numTensors;
      const opts = { mcDropoutPasses: 4, seed: 3, embeddings: true };
      const ours = await scorer.predict(images, opts);
      const reference = predictProbabilities(trained[kind], images, opts);
      expect(tf.memory().numTensors).toBe(before);
      expect(scorer.engine).toBe('onnxruntime');
      expect(lines).toEqual(['scoring with onnxruntime']);
      const flat = (rows: number[][] | number[][][] | undefined) => (rows ?? []).flat(2) as number[];
      expect(flat(ours.probabilities).length).toBe(images.length * 2);
      const closeness = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
      expect(closeness(flat(ours.probabilities), flat(reference.probabilities))).toBeLessThan(SCORING_TOLERANCE);
      expect(closeness(flat(ours.mcSamples), flat(reference.mcSamples))).toBeLessThan(SCORING_TOLERANCE);
      expect(relativeDifference(flat(ours.embeddings), flat(reference.embeddings))).toBeLessThan(1e-5);
      await scorer.dispose();
    },
  );

  it('falls back to tfjs, saying why, when the first probabilities differ from tfjs', async () => {
    const { model } = trained.cnn;
    const lines: string[] = [];
    const log = Object.assign(createLogger('silent'), { info: (_: unknown, msg: string) => lines.push(msg) });
    const scorer = await createScorer(trained.cnn, { log: log as never });
    // The network changes after its export: the check on the first images must see it.
    const conv = model.layers.find((l) => l.getClassName() === 'Conv2D')!;
    const saved = conv.getWeights().map((w) => w.clone());
    conv.setWeights(saved.map((w, i) => (i === 0 ? w.mul(-1) : w)));
    try {
      const out = await scorer.predict(images);
      expect(scorer.engine).toBe('tfjs');
      expect(scorer.reason).toMatch(/differ from tfjs' by .* \(more than 0\.0001\)/);
      expect(lines[0]).toMatch(/^scoring with tfjs: onnxruntime's probabilities differ/);
      expect(out.probabilities).toEqual(predictProbabilities(trained.cnn, images).probabilities);
    } finally {
      conv.setWeights(saved);
      tf.dispose(saved);
      await scorer.dispose();
    }
  });

  it('falls back to tfjs for a layer it cannot export, and fails when onnxruntime was required', async () => {
    const input = tf.input({ shape: [32, 32, 3] });
    const conv = tf.layers.conv2d({ filters: 4, kernelSize: 3, activation: 'elu' }).apply(input) as tf.SymbolicTensor;
    const pooled = tf.layers.globalAveragePooling2d({ name: headLayerNames.embedding }).apply(conv);
    const dropped = tf.layers.dropout({ rate: 0.2, name: headLayerNames.dropout }).apply(pooled);
    const logits = tf.layers.dense({ units: 2, name: headLayerNames.logits }).apply(dropped) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: logits });
    const classifier = { model, card: trained.cnn.card };
    expect(() => exportLayersToOnnx(model, logits)).toThrow(UnsupportedLayerError);
    const scorer = await createScorer(classifier, { log: createLogger('silent') });
    expect(scorer.engine).toBe('tfjs');
    expect(scorer.reason).toMatch(/the elu activation is not exported/);
    expect((await scorer.predict(images)).probabilities).toEqual(
      predictProbabilities(classifier, images).probabilities,
    );
    await expect(createScorer(classifier, { engine: 'onnxruntime' })).rejects.toThrow(
      /onnxruntime scoring is not available: .*elu/,
    );
    const forced = await createScorer(trained.cnn, { engine: 'tfjs', log: createLogger('silent') });
    expect([forced.engine, forced.reason]).toEqual(['tfjs', 'SCORING_ENGINE is tfjs']);
    model.dispose();
  });
  it('runs a network with a nested model in onnxruntime, and falls back once its check fails', async () => {
    const inner = (() => {
      const x = tf.input({ shape: [8, 8, 6] });
      const y = tf.layers.conv2d({ filters: 5, kernelSize: 3, padding: 'same', activation: 'relu' }).apply(x);
      return tf.model({ inputs: x, outputs: y as tf.SymbolicTensor, name: 'inner' });
    })();
    const input = tf.input({ shape: [16, 16, 3] });
    const stem = tf.layers.conv2d({ filters: 6, kernelSize: 3, strides: 2, padding: 'same' }).apply(input);
    const pooled = tf.layers.globalMaxPooling2d({}).apply(inner.apply(stem) as tf.SymbolicTensor);
    const network = tf.model({ inputs: input, outputs: pooled as tf.SymbolicTensor });
    const x = tf.randomUniform([3, 16, 16, 3], 0, 1, 'float32', 4);
    const batch = x.dataSync() as Float32Array;
    const reference = (network.predict(x) as tf.Tensor).dataSync();

    const lines: string[] = [];
    const log = Object.assign(createLogger('silent'), { info: (_: unknown, msg: string) => lines.push(msg) });
    const runner = await createNetworkRunner(network, { log: log as never, label: 'nested' });
    expect([runner.engine, runner.outputSize]).toEqual(['onnxruntime', 5]);
    expect(relativeDifference(await runner.run(batch, 3), reference)).toBeLessThan(1e-5);
    expect(lines).toEqual(['nested runs in onnxruntime']);
    await runner.dispose();

    // Weights that change after the export: the first run's check must catch it and use tfjs.
    const second = await createNetworkRunner(network, { log: log as never, label: 'nested' });
    const conv = inner.layers.find((l) => l.getClassName() === 'Conv2D')!;
    conv.setWeights(conv.getWeights().map((w, i) => (i === 0 ? w.mul(2) : w)));
    const changed = (network.predict(x) as tf.Tensor).dataSync();
    expect(await second.run(batch, 3)).toEqual(Float32Array.from(changed));
    expect(second.engine).toBe('tfjs');
    expect(lines[1]).toMatch(/^nested runs in tfjs: onnxruntime's outputs differ from tfjs' by .* of the largest/);

    setDefaultScoringEngine('tfjs');
    try {
      expect((await createNetworkRunner(network)).reason).toBe('SCORING_ENGINE is tfjs');
    } finally {
      setDefaultScoringEngine('auto');
    }
    network.dispose();
    x.dispose();
  });
});
