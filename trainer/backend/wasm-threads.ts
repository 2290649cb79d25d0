import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import * as tfWasm from '@tensorflow/tfjs-backend-wasm';

/**
 * tfjs-backend-wasm turns threads off in Node (tfjs#3830). Three things stand in the way and
 * are worked around here, only for the duration of the backend's initialisation:
 * 1. the WASM_HAS_MULTITHREAD_SUPPORT flag is false under Node: we set it;
 * 2. the Emscripten loader starts its pthread workers with `new Worker('blob:...')`, which
 *    Node's worker_threads rejects: we hand it the same worker script as a file instead, and
 *    make the worker load the threaded module from node_modules (the loader would pass a Blob);
 * 3. the C++ side caps threads at logical cores / 2 (it assumes hyper-threading): we report
 *    twice the cores while it initialises so that the requested count is not cut in half.
 */
const require = createRequire(import.meta.url);
const wasmDir = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));

function writeWorkerScript(): string {
  const mainScript = path.join(wasmDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require(
    path.join(wasmDir, 'wasm-out', 'tfjs-backend-wasm-threaded-simd.worker.js'),
  ) as {
    wasmWorkerContents: string;
  };
  // The bundle escapes '\n' the same way before making its Blob.
  const body = wasmWorkerContents.replace(/\n/g, '\\n');
  const preamble = `URL.createObjectURL = () => ${JSON.stringify(mainScript)};\nURL.revokeObjectURL = () => {};\n`;
  const content = preamble + body;
  const file = path.join(os.tmpdir(), `neuroloop-tfjs-wasm-${tfWasm.version_wasm}-pthread.cjs`);
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== content) {
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, content);
    fs.renameSync(tmp, file);
  }
  return file;
}

interface PThreadRegistry {
  runningWorkers: { unref(): void }[];
}

/** Initialises the wasm backend with `threads` XNNPACK threads; returns the count it got. */
export async function initWasmBackend(threads: number): Promise<number> {
  if (threads <= 1) {
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise');
    return tfWasm.getThreadsCount();
  }
  const workerFile = writeWorkerScript();
  const createObjectURL = URL.createObjectURL;
  const cpus = os.cpus;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  tfWasm.setThreadsCount(threads);
  URL.createObjectURL = (blob: Blob) => (blob.type === 'application/javascript' ? workerFile : createObjectURL(blob));
  os.cpus = () => Array.from({ length: 2 * threads }, () => cpus()[0]);
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('wasm backend failed to initialise with threads');
  } finally {
    URL.createObjectURL = createObjectURL;
    os.cpus = cpus;
  }
  // Idle pthreads must not keep a CLI process alive after its work is done.
  const module = (tf.backend() as unknown as { wasm: { PThread?: PThreadRegistry } }).wasm;
  for (const w of module.PThread?.runningWorkers ?? []) w.unref();
  return tfWasm.getThreadsCount();
}
