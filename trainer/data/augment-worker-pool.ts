import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AugmentParams } from './augment';
import type { AugmentReply, AugmentRequest } from './augment-worker-main';

/** Augments batches on one worker thread, so that the training thread keeps computing. */
export interface AugmentWorker {
  /** Resolves true once the worker has loaded, false if it could not start. */
  readonly ready: Promise<boolean>;
  /** Loaded and not failed: a batch sent now will be augmented there. */
  isReady(): boolean;
  /** Rejects if the worker stops meanwhile (the caller augments in-thread instead). `data` is transferred. */
  run(data: Float32Array, shape: [number, number, number, number], params: AugmentParams): Promise<Float32Array>;
}

interface Pending {
  resolve: (data: Float32Array) => void;
  reject: (e: Error) => void;
}

/**
 * Starts a worker on `entry` now. It is unreferenced while idle (it never keeps a process alive)
 * and stops after `idleMs` without work; `onStop` says whether it failed.
 */
export function startAugmentWorker(entry: string, idleMs: number, onStop: (failed: boolean) => void = () => undefined): AugmentWorker {
  const worker = new Worker(entry);
  worker.unref();
  const pending = new Map<number, Pending>();
  let state: 'starting' | 'ready' | 'stopped' = 'starting';
  let nextId = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  let markReady: (ok: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));
  const stop = (failed: boolean, why: string) => {
    if (state === 'stopped') return;
    state = 'stopped';
    clearTimeout(idleTimer);
    markReady(false);
    for (const p of pending.values()) p.reject(new Error(`the augmentation worker stopped: ${why}`));
    pending.clear();
    onStop(failed);
  };
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      stop(false, 'idle');
      void worker.terminate();
    }, idleMs).unref();
  };
  worker.on('message', (reply: AugmentReply) => {
    if ('ready' in reply) {
      if (state === 'starting') state = 'ready';
      markReady(state === 'ready');
      armIdleTimer();
      return;
    }
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) {
      worker.unref();
      armIdleTimer();
    }
    if ('error' in reply) p.reject(new Error(reply.error));
    else p.resolve(reply.data);
  });
  worker.on('error', (e) => stop(true, e.message));
  worker.on('exit', (code) => stop(code !== 0 || state === 'starting', `exit code ${code}`));
  return {
    ready,
    isReady: () => state === 'ready',
    run(data, shape, params) {
      if (state !== 'ready') return Promise.reject(new Error(`the augmentation worker is ${state}`));
      clearTimeout(idleTimer);
      const id = nextId++;
      return new Promise<Float32Array>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage({ id, data, shape, params } satisfies AugmentRequest, [data.buffer as ArrayBuffer]);
      });
    },
  };
}

let shared: AugmentWorker | undefined;
let failed = false;

/**
 * The process's augmentation worker, started on first use (and again after an idle stop);
 * null where it cannot run (no entry file, or it failed once in this process: not restarted).
 */
export function sharedAugmentWorker(idleMs = 30_000): AugmentWorker | null {
  if (failed) return null;
  if (shared) return shared;
  const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'augment-worker.mjs');
  if (!existsSync(entry)) return null;
  try {
    const started = startAugmentWorker(entry, idleMs, (didFail) => {
      if (shared === started) shared = undefined;
      failed ||= didFail;
    });
    shared = started;
  } catch {
    failed = true;
    return null;
  }
  return shared;
}
