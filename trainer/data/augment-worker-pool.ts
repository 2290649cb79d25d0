import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { openWorkerChannel } from '@/server/workers/worker-channel';
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

/**
 * Starts a worker on `entry` now. It is unreferenced while idle (it never keeps a process alive)
 * and stops after `idleMs` without work; `onStop` says whether it failed.
 */
export function startAugmentWorker(
  entry: string,
  idleMs: number,
  onStop: (failed: boolean) => void = () => undefined,
): AugmentWorker {
  let state: 'starting' | 'ready' | 'stopped' = 'starting';
  let markReady: (ok: boolean) => void = () => undefined;
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));
  const channel = openWorkerChannel<AugmentRequest, Extract<AugmentReply, { data: Float32Array }>, Float32Array>(
    new Worker(entry),
    {
      idleMs,
      answer: (reply) => reply.data,
      onOther: (m) => {
        if (!(m as { ready?: boolean }).ready) return;
        if (state === 'starting') state = 'ready';
        markReady(state === 'ready');
      },
      onStop: (failed) => {
        const failedToStart = state === 'starting';
        state = 'stopped';
        markReady(false);
        onStop(failed || failedToStart);
      },
    },
  );
  return {
    ready,
    isReady: () => state === 'ready',
    run(data, shape, params) {
      if (state !== 'ready') return Promise.reject(new Error(`the augmentation worker is ${state}`));
      return channel.call((id) => ({ id, data, shape, params }), [data.buffer as ArrayBuffer]);
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
