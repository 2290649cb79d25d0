import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { AppError } from '@/lib/errors/app-error';
import { createLogger, type Logger } from '@/server/logger';
import { registerFastBatchNormGradient } from './batch-norm-gradient';
import { registerWasmBatchNorm } from './wasm-batch-norm';
import { registerWasmConv2dBackpropFilter } from './wasm-conv2d-backprop-filter';
import { registerWasmConv2dBackpropInput } from './wasm-conv2d-backprop-input';
import { registerWasmMaxPoolGrad } from './wasm-max-pool-grad';
import { guardWasmAllocations, wasmModule } from './wasm-memory';
import { simdKernels } from './simd/simd-kernels';
import { initWasmBackend } from './wasm-threads';
import { tryWebGpu } from './webgpu-rung';

/**
 * The ladder, fastest first. The first two need libtensorflow, which npm may not have installed
 * (`npm run enable-native-tf`); webgpu needs a GPU whose driver Dawn can use.
 */
export const backendLadder = ['tensorflow-gpu', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
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
  /** One line for a person: what runs, and why not something faster. */
  summary?: string;
  /** How it trains (wasm: whether the SIMD kernels run). */
  note?: string;
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
  // tfjs-backend-wasm never checks malloc: a full heap would be written over address 0.
  guardWasmAllocations(wasmModule()!);
  registerWasmConv2dBackpropFilter();
  registerWasmConv2dBackpropInput();
  registerWasmMaxPoolGrad();
  registerWasmBatchNorm();
  return got;
}

interface RungStart {
  threads: number;
  /** What a person should know about it (the GPU's name). */
  detail?: string;
  /** How it trains, said after the threads (wasm: whether the SIMD kernels run). */
  note?: string;
}

async function tryRung(rung: BackendName, opts: ChooseBackendOptions, logger: Logger): Promise<RungStart> {
  switch (rung) {
    case 'tensorflow-gpu':
      return { threads: await tryNative('@tensorflow/tfjs-node-gpu') };
    case 'tensorflow':
      return { threads: await tryNative('@tensorflow/tfjs-node') };
    case 'webgpu': {
      const { adapter } = await tryWebGpu();
      return { threads: 1, detail: adapter };
    }
    case 'wasm': {
      const threads = await tryWasm(opts.wasmThreads ?? Math.min(8, os.cpus().length), logger);
      const kernels = simdKernels(tf.backend())
        ? 'SIMD training kernels'
        : "training kernels in JavaScript (tfjs' heap is not shared)";
      return { threads, note: kernels };
    }
    case 'cpu':
      if (!(await tf.setBackend('cpu'))) throw new Error('cpu backend did not initialise');
      return { threads: 1 };
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
  const notInstalled: BackendName[] = [];
  for (const rung of rungs) {
    try {
      const { threads, detail, note } = await tryRung(rung, opts, logger);
      attempts.push({ backend: rung, ok: true });
      const summary = describeChoice(rung, threads, notInstalled, detail, note);
      logger.info({ backend: rung, threads, detail }, summary);
      return { name: rung, attempts, threads, summary, note };
    } catch (e) {
      const reason = ((e as Error).message ?? String(e)).split('\n')[0];
      attempts.push({ backend: rung, ok: false, reason });
      // An optional package that is absent is the expected fall, said once with the choice;
      // anything else (installed but broken) deserves a warning of its own.
      if (isNotInstalled(e) || (rung === 'webgpu' && isNoGpu(e))) notInstalled.push(rung);
      else logger.warn({ backend: rung, reason }, `tfjs backend ${rung} failed to start, trying the next`);
    }
  }
  chosen = undefined;
  throw new AppError({
    code: 'INTERNAL',
    message: `no tfjs backend could start: ${attempts.map((a) => `${a.backend}: ${a.reason}`).join('; ')}`,
  });
}

const LABELS: Record<BackendName, string> = {
  'tensorflow-gpu': 'native TensorFlow (GPU)',
  tensorflow: 'native TensorFlow',
  webgpu: 'WebGPU',
  wasm: 'WASM',
  cpu: 'pure-JS CPU',
};

/** One line a person reads at start: what runs, and why not something faster. */
function describeChoice(
  rung: BackendName,
  threads: number,
  notInstalled: BackendName[],
  detail?: string,
  note?: string,
): string {
  const parts = [
    `tfjs backend: ${LABELS[rung]}${detail ? ` on ${detail}` : ''}, ${threads} thread${threads === 1 ? '' : 's'}${note ? `, ${note}` : ''}`,
  ];
  if (notInstalled.includes('webgpu')) parts.push('no GPU for WebGPU');
  const native = notInstalled.filter((r) => r !== 'webgpu');
  if (native.length > 0) {
    const missing = native.includes('tensorflow') ? 'native TensorFlow' : native.map((r) => LABELS[r]).join(', ');
    parts.push(`${missing} not installed, see README to enable it`);
  }
  return parts.join('; ');
}

/** The WebGPU rung's expected falls: no GPU, no adapter, or Dawn not installed. */
function isNoGpu(e: unknown): boolean {
  return /no GPU device|no WebGPU adapter|\(Dawn\) is not installed/.test((e as Error)?.message ?? '');
}

/** A native rung whose package or compiled binding is missing (npm skipped its download). */
function isNotInstalled(e: unknown): boolean {
  const err = e as { code?: string; message?: string };
  if (err?.code === 'ERR_MODULE_NOT_FOUND' || err?.code === 'MODULE_NOT_FOUND') return true;
  return /native addon module .* can not be found|Cannot find (module|package)/i.test(err?.message ?? '');
}
