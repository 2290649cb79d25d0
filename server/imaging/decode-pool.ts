import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Worker } from 'node:worker_threads';
import { transferable, type DecodeAnswer, type DecodeTask } from './decode-task';
import type { DecodeReply, DecodeRequest } from './decode-worker-main';
import { prepareImportItem, type PrepareInput, type PreparedItem } from './prepare-import-item';
import { storeScanFiles, type ScanFilesInput } from './store-scan-files';

/** The import's CPU and file work (see decode-task): on worker threads, or inline. */
export interface DecodePool {
  readonly size: number;
  prepare(input: PrepareInput): Promise<PreparedItem>;
  /** Preview and thumbnail move to the worker; the original's bytes too when `moveBytes` (the caller is done with them). */
  storeScanFiles(input: ScanFilesInput, opts?: { moveBytes?: boolean }): Promise<ReturnType<typeof storeScanFiles>>;
  close(): Promise<void>;
}

/** The same work on the calling thread (workers: 0, and hosts where no worker entry is found). */
export function createInlineDecoder(): DecodePool {
  return { size: 0, prepare: prepareImportItem, storeScanFiles: async (input) => storeScanFiles(input), close: async () => undefined };
}

type Answer = DecodeAnswer;

interface Slot {
  worker: Worker;
  pending: Map<number, { task: DecodeTask; resolve: (value: Answer) => void; reject: (e: Error) => void }>;
}

/**
 * `size` worker threads, started on first use, each given the file with the fewest in flight.
 * Workers are unreferenced while idle (they never keep a process alive) and stop after
 * `idleMs` without work. A worker that dies rejects only its own files ('decode-failed'),
 * and the next file starts a fresh one.
 */
export function createWorkerDecodePool(size: number, opts: { entry?: string; idleMs?: number } = {}): DecodePool {
  const entry = opts.entry ?? decodeWorkerEntry();
  if (size < 1 || !entry) return createInlineDecoder();
  const idleMs = opts.idleMs ?? 30_000;
  const slots: (Slot | undefined)[] = new Array(size).fill(undefined);
  let nextId = 0;
  let idleTimer: NodeJS.Timeout | undefined;

  const start = (index: number): Slot => {
    const slot: Slot = { worker: startWorker(entry), pending: new Map() };
    slot.worker.unref();
    const fail = (why: string) => {
      if (slots[index] === slot) slots[index] = undefined;
      for (const p of slot.pending.values()) {
        // A file the worker died on is refused; a lost write fails the import like any storage failure.
        if (p.task.kind === 'prepare') p.resolve({ status: 'rejected', reason: 'decode-failed', message: `the decoder stopped: ${why}` });
        else p.reject(new Error(`the decode worker stopped while storing files: ${why}`));
      }
      slot.pending.clear();
    };
    slot.worker.on('message', (reply: DecodeReply) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) slot.worker.unref();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.value);
      armIdleTimer();
    });
    slot.worker.on('error', (e) => fail(e.message));
    slot.worker.on('exit', (code) => fail(`worker exited with code ${code}`));
    slots[index] = slot;
    return slot;
  };
  const armIdleTimer = () => {
    if (slots.some((s) => s && s.pending.size > 0)) return;
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => void stopAll(), idleMs).unref();
  };
  const stopAll = async () => {
    const running = slots.filter((s): s is Slot => s !== undefined);
    slots.fill(undefined);
    await Promise.all(running.map((s) => s.worker.terminate()));
  };
  const run = (task: DecodeTask, transfer: ArrayBuffer[] = []): Promise<Answer> => {
    clearTimeout(idleTimer);
    let index = 0;
    for (let i = 1; i < size; i++) if ((slots[i]?.pending.size ?? 0) < (slots[index]?.pending.size ?? 0)) index = i;
    const slot = slots[index] ?? start(index);
    const id = nextId++;
    return new Promise<Answer>((resolve, reject) => {
      slot.pending.set(id, { task, resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage({ id, task } satisfies DecodeRequest, transfer);
    });
  };
  return {
    size,
    prepare: (input) => run({ kind: 'prepare', input }) as Promise<PreparedItem>,
    storeScanFiles: (input, o = {}) =>
      run({ kind: 'store', input }, transferable([input.preview, input.thumbnail, o.moveBytes ? input.bytes : undefined])) as Promise<ReturnType<typeof storeScanFiles>>,
    close: async () => {
      clearTimeout(idleTimer);
      await stopAll();
    },
  };
}

const shared = Symbol.for('neuroloop.decode-pools');
type WithPools = typeof globalThis & { [shared]?: Map<number, DecodePool> };

/**
 * One pool per size for the whole process (Next bundles route handlers apart from the server,
 * so the pools live on globalThis). Default size: the cores this process may use.
 */
export function sharedDecodePool(size: number = os.availableParallelism()): DecodePool {
  const pools = ((globalThis as WithPools)[shared] ??= new Map());
  let pool = pools.get(size);
  if (!pool) {
    pool = createWorkerDecodePool(size);
    pools.set(size, pool);
  }
  return pool;
}

/**
 * A worker running the TypeScript sources through tsx. Next's bundler would try to bundle
 * anything it sees passed to worker_threads' Worker (here: the whole project, as the path is
 * computed), so the constructor is fetched where the bundler does not look.
 */
function startWorker(entry: string): Worker {
  const threads = process.getBuiltinModule('node:worker_threads');
  return new threads.Worker(entry);
}

/**
 * The worker entry file. Next's bundle of a route handler does not sit next to this source,
 * so the server's working directory (the repository root) is the second place to look.
 */
function decodeWorkerEntry(): string | undefined {
  const candidates = [path.resolve('server/imaging/decode-worker.mjs')];
  if (import.meta.url.startsWith('file:')) candidates.unshift(path.join(path.dirname(fileURLToPath(import.meta.url)), 'decode-worker.mjs'));
  return candidates.find((c) => existsSync(c));
}
