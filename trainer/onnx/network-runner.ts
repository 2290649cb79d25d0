import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import type * as OrtModule from 'onnxruntime-node';
import type { Logger } from '@/server/logger';
import { exportLayersToOnnx, UnsupportedLayerError } from './from-layers';

/** Which engine runs a trained or pretrained network forward: `auto` tries onnxruntime first. */
export type ScoringEngineChoice = 'auto' | 'onnxruntime' | 'tfjs';

/** Largest difference, relative to the largest output, that a network's onnxruntime check accepts. */
export const NETWORK_TOLERANCE = 1e-4;
const CHECK_EXAMPLES = 2;

let defaultEngine: ScoringEngineChoice = 'auto';

/** The engine used where none is named (the trainer sets it from SCORING_ENGINE). */
export function setDefaultScoringEngine(choice: ScoringEngineChoice): void {
  defaultEngine = choice;
}

export function defaultScoringEngine(): ScoringEngineChoice {
  return defaultEngine;
}

/** Threads for onnxruntime: the cores, at most 8 (as the WASM backend). */
export function scoringThreads(): number {
  return Math.max(1, Math.min(8, os.availableParallelism()));
}

type Ort = typeof OrtModule;
let ortLoad: Promise<Ort | Error> | null = null;

/** onnxruntime-node, loaded once; an Error when the package or its native library is missing. */
function loadOrt(): Promise<Ort | Error> {
  ortLoad ??= import('onnxruntime-node').then(
    (m) => ((m as { default?: Ort }).default ?? m) as Ort,
    (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
  );
  return ortLoad;
}

/** What scores where the engine is `auto`, in words: benches record it beside their figures. */
export async function autoScoringEngine(): Promise<string> {
  const ort = await loadOrt();
  return ort instanceof Error
    ? `tfjs (onnxruntime-node did not load: ${ort.message.split('\n')[0]})`
    : 'onnxruntime where it agrees with tfjs';
}

/**
 * A network from its image input to one of its tensors, run forward on a batch of prepared
 * examples (NHWC, float32). `engine` says what runs it, `reason` why it is tfjs.
 */
export interface NetworkRunner {
  engine: 'onnxruntime' | 'tfjs';
  reason?: string;
  /** Output of `count` examples laid end to end in `batch`, one row of `outputSize` each. */
  run(batch: Float32Array, count: number): Promise<Float32Array>;
  readonly outputSize: number;
  dispose(): Promise<void>;
}

export interface NetworkRunnerOptions {
  engine?: ScoringEngineChoice;
  log?: Logger;
  threads?: number;
  /**
   * Compare the first batch's first examples with tfjs and keep onnxruntime only when they agree
   * within NETWORK_TOLERANCE (default true). A caller that checks its own end result says false.
   */
  check?: boolean;
  /** What the log line calls this network (default its name). */
  label?: string;
}

function tfjsRun(network: tf.LayersModel, output: tf.SymbolicTensor, shape: number[]) {
  const sub = output === network.outputs[0] ? network : tf.model({ inputs: network.inputs, outputs: output });
  return async (batch: Float32Array, count: number): Promise<Float32Array> => {
    // Read outside tidy: tidy walks every element of an array it returns.
    const out = tf.tidy(() => sub.predict(tf.tensor(batch, [count, ...shape], 'float32')) as tf.Tensor);
    const data = out.dataSync() as Float32Array;
    out.dispose();
    return data;
  };
}

/**
 * Runs `network` up to `output` (its output by default) in onnxruntime-node's CPU provider when
 * it loads and the network exports (docs/ARCHITECTURE.md, "Scoring"), else in tfjs. With `check`,
 * the first examples run both ways before anything is returned: a difference above
 * NETWORK_TOLERANCE of the largest output switches to tfjs for good. Falling back logs one info
 * line saying why; `engine: 'onnxruntime'` turns the fallback into an error.
 */
export async function createNetworkRunner(
  network: tf.LayersModel,
  opts: NetworkRunnerOptions & { output?: tf.SymbolicTensor } = {},
): Promise<NetworkRunner> {
  const output = opts.output ?? network.outputs[0];
  const shape = network.inputs[0].shape.slice(1) as number[];
  const outputSize = (output.shape.slice(1) as number[]).reduce((a, b) => a * b, 1);
  const choice = opts.engine ?? defaultEngine;
  const label = opts.label ?? network.name;
  const viaTfjs = tfjsRun(network, output, shape);
  const tfjsRunner = (reason: string): NetworkRunner => {
    if (choice === 'onnxruntime') throw new Error(`onnxruntime is not available for ${label}: ${reason}`);
    opts.log?.info({ engine: 'tfjs', network: label, reason }, `${label} runs in tfjs: ${reason}`);
    return { engine: 'tfjs', reason, outputSize, run: viaTfjs, dispose: async () => {} };
  };
  if (choice === 'tfjs') return tfjsRunner('SCORING_ENGINE is tfjs');
  const ort = await loadOrt();
  if (ort instanceof Error) return tfjsRunner(`onnxruntime-node did not load (${ort.message.split('\n')[0]})`);
  let exported;
  try {
    exported = exportLayersToOnnx(network, output);
  } catch (err) {
    if (err instanceof UnsupportedLayerError) return tfjsRunner(err.message);
    throw err;
  }
  const threads = opts.threads ?? scoringThreads();
  const session = await ort.InferenceSession.create(exported.bytes, {
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const viaOrt = async (batch: Float32Array, count: number): Promise<Float32Array> => {
    const input = new ort.Tensor('float32', batch.subarray(0, count * exported.inputShape.reduce((a, b) => a * b, 1)), [
      count,
      ...exported.inputShape,
    ]);
    const result = await session.run({ [exported.inputName]: input });
    const data = (result[exported.outputName].data as Float32Array).slice();
    result[exported.outputName].dispose?.();
    return data;
  };
  let checked = !(opts.check ?? true);
  const runner: NetworkRunner = {
    engine: 'onnxruntime',
    outputSize,
    async run(batch, count) {
      if (!checked && count > 0) {
        const n = Math.min(CHECK_EXAMPLES, count);
        const sample = batch.subarray(0, (batch.length / count) * n);
        const difference = relativeDifference(await viaOrt(sample, n), await viaTfjs(sample, n));
        if (!(difference <= NETWORK_TOLERANCE)) {
          await session.release();
          const why = `onnxruntime's outputs differ from tfjs' by ${difference.toExponential(2)} of the largest (more than ${NETWORK_TOLERANCE})`;
          Object.assign(runner, tfjsRunner(why));
          return viaTfjs(batch, count);
        }
        checked = true;
        opts.log?.info({ engine: 'onnxruntime', network: label, threads, difference }, `${label} runs in onnxruntime`);
      }
      return viaOrt(batch, count);
    },
    dispose: () => session.release(),
  };
  return runner;
}

/** Largest absolute difference between two equally long arrays (Infinity when they differ in length). */
export function maxAbsDifference(ours: ArrayLike<number>, reference: ArrayLike<number>): number {
  if (ours.length !== reference.length) return Infinity;
  let diff = 0;
  for (let i = 0; i < ours.length; i++) diff = Math.max(diff, Math.abs(ours[i] - reference[i]));
  return diff;
}

/** Largest absolute difference over the largest absolute reference value. */
export function relativeDifference(ours: ArrayLike<number>, reference: ArrayLike<number>): number {
  let scale = 0;
  for (let i = 0; i < reference.length; i++) scale = Math.max(scale, Math.abs(reference[i]));
  return maxAbsDifference(ours, reference) / Math.max(scale, 1e-12);
}
