import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';
import { createLogger, type Logger } from '@/server/logger';
import { registerFastBatchNormGradient } from './batch-norm-gradient';
import { registerWasmConv2dBackpropFilter } from './wasm-conv2d-backprop-filter';
import { registerWasmConv2dBackpropInput } from './wasm-conv2d-backprop-input';
import { registerWasmMaxPoolGrad } from './wasm-max-pool-grad';
import { initWasmBackend } from './wasm-threads';

/** The ladder, fastest first. The first two need libtensorflow, which npm may not have installed. */
export const backendLadder = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof backendLadder)[number];

export interface BackendAttempt {
  backend: BackendName;
  ok: boolean;
  reason?: string;
}

export interface BackendChoice {
  name: BackendName;
  attempts: BackendAttempt[];
  /** Threads the backend computes with (wasm: XNNPACK threads; 1 for cpu). */
  threads: number;
}

export interface ChooseBackendOptions {
  /** Only this rung (config TFJS_BACKEND); failing it is an error rather than a fall. */
  force?: BackendName;
  /** WASM threads; defaults to the machine's cores (at most 8, the loader's pool). */
  wasmThreads?: number;
  logger?: Logger;
}

async function tryNative(pkg: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node'): Promise<number> {
  await (pkg === '@tensorflow/tfjs-node-gpu' ? import('@tensorflow/tfjs-node-gpu') : import('@tensorflow/tfjs-node'));
  if (!(await tf.setBackend('tensorflow'))) throw new Error(`${pkg} loaded but its backend did not initialise`);
  return os.cpus().length;
}

async function tryWasm(threads: number, logger: Logger): Promise<number> {
  let got: number;
  try {
    got = await initWasmBackend(threads);
  } catch (e) {
    if (threads <= 1) throw e;
    logger.warn({ err: (e as Error).message }, 'wasm with threads failed; using one thread');
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    got = await initWasmBackend(1);
  }
  registerWasmConv2dBackpropFilter();
  registerWasmConv2dBackpropInput();
  registerWasmMaxPoolGrad();
  return got;
}

async function tryRung(rung: BackendName, opts: ChooseBackendOptions, logger: Logger): Promise<number> {
  switch (rung) {
    case 'tensorflow-gpu':
      return tryNative('@tensorflow/tfjs-node-gpu');
    case 'tensorflow':
      return tryNative('@tensorflow/tfjs-node');
    case 'wasm':
      return tryWasm(opts.wasmThreads ?? Math.min(8, os.cpus().length), logger);
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not initialise');
      return 1;
  }
}

let chosen: Promise<BackendChoice> | undefined;

/**
 * Walks the ladder once per process and sets the tfjs backend; later calls get the same
 * choice (tfjs has one global engine). Each failed rung is logged with its reason.
 */
export function chooseBackend(opts: ChooseBackendOptions = {}): Promise<BackendChoice> {
  chosen ??= walkLadder(opts);
  return chosen;
}

async function walkLadder(opts: ChooseBackendOptions): Promise<BackendChoice> {
  const logger = opts.logger ?? createLogger('info', 'trainer');
  // PROD skips tfjs debug checks and its console warnings (re-registered kernels of a failed native rung).
  tf.env().set('PROD', true);
  registerFastBatchNormGradient();
  const rungs = opts.force ? [opts.force] : backendLadder;
  const attempts: BackendAttempt[] = [];
  for (const rung of rungs) {
    try {
      const threads = await tryRung(rung, opts, logger);
      attempts.push({ backend: rung, ok: true });
      logger.info({ backend: rung, threads }, 'tfjs backend chosen');
      return { name: rung, attempts, threads };
    } catch (e) {
      const reason = ((e as Error).message ?? String(e)).split('\n')[0];
      attempts.push({ backend: rung, ok: false, reason });
      logger.warn({ backend: rung, reason }, 'tfjs backend unavailable, trying the next');
    }
  }
  chosen = undefined;
  throw new AppError({
    code: 'INTERNAL',
    message: `no tfjs backend could start: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`,
  });
}
