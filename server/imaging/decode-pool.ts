import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { openWorkerChannel, WorkerStoppedError, type WorkerChannel } from '@/server/workers/worker-channel';
import { workerEntry, workerStartOptions, type WorkerEntry } from '@/server/workers/worker-entry';
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
  return {
    size: 0,
    prepare: prepareImportItem,
    storeScanFiles: async (input) => storeScanFiles(input),
    close: async () => undefined,
  };
}

type Channel = WorkerChannel<DecodeRequest, DecodeAnswer>;

/**
 * A decode worker's V8 heap at most. The largest image IMPORT_MAX_PIXELS allows (64 Mpx)
 * needs a few hundred MB of typed arrays, which live outside this heap; the cap stops
 * what the pixel checks did not foresee from taking the server's memory with it.
 */
export const DECODE_WORKER_HEAP_MB = 1024;

/**
 * A decode worker's young generation. A file's pixels and encodings are typed arrays outside the
 * V8 heap; what the young generation holds is each task's small objects, which die within the
 * task. Measured on a 10,000-file upload (bench/upload-memory.ts): 8 MB kept the two workers'
 * growth near 30 MB against about 80 MB at 64 MB, and imported no slower.
 */
export const DECODE_WORKER_YOUNG_MB = 8;

/**
 * `size` worker threads, started on first use, each given the file with the fewest in flight.
 * Workers are unreferenced while idle (they never keep a process alive) and stop after
 * `idleMs` without work. A worker that dies rejects only its own files ('decode-failed'),
 * and the next file starts a fresh one.
 */
export function createWorkerDecodePool(size: number, opts: { entry?: WorkerEntry; idleMs?: number } = {}): DecodePool {
  const entry = opts.entry ?? workerEntry('decode-worker', 'server/imaging');
  if (size < 1 || !entry) return createInlineDecoder();
  const idleMs = opts.idleMs ?? 30_000;
  const slots: (Channel | undefined)[] = new Array(size).fill(undefined);

  const start = (index: number): Channel => {
    const channel: Channel = openWorkerChannel<
      DecodeRequest,
      Extract<DecodeReply, { value: DecodeAnswer }>,
      DecodeAnswer
    >(startWorker(entry), {
      idleMs,
      answer: (reply) => reply.value,
      onStop: () => {
        if (slots[index] === channel) slots[index] = undefined;
      },
    });
    slots[index] = channel;
    return channel;
  };
  const run = (task: DecodeTask, transfer: ArrayBuffer[] = []): Promise<DecodeAnswer> => {
    let index = 0;
    for (let i = 1; i < size; i++) if ((slots[i]?.inFlight ?? 0) < (slots[index]?.inFlight ?? 0)) index = i;
    const channel = slots[index] ?? start(index);
    return channel.call((id) => ({ id, task }), transfer);
  };
  return {
    size,
    prepare: (input) =>
      run({ kind: 'prepare', input }).catch((e: unknown) => {
        // A file the worker died on is refused; the import goes on with the others.
        if (!(e instanceof WorkerStoppedError)) throw e;
        return { status: 'rejected', reason: 'decode-failed', message: `the decoder stopped: ${e.why}` };
      }) as Promise<PreparedItem>,
    // A lost write fails the import like any storage failure.
    storeScanFiles: (input, o = {}) =>
      run(
        { kind: 'store', input },
        transferable([input.preview, input.thumbnail, o.moveBytes ? input.bytes : undefined]),
      ) as Promise<ReturnType<typeof storeScanFiles>>,
    close: async () => {
      const running = slots.filter((s): s is Channel => s !== undefined);
      slots.fill(undefined);
      await Promise.all(running.map((s) => s.stop()));
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
 * A decode worker. Next's bundler would try to bundle anything it sees passed to worker_threads'
 * Worker (here: the whole project, as the path is computed), so the constructor is fetched
 * where the bundler does not look.
 */
function startWorker(entry: WorkerEntry): Worker {
  const threads = process.getBuiltinModule('node:worker_threads');
  // A decode that would need more heap than this ends its worker (the file is refused), not the server.
  return new threads.Worker(entry.file, {
    resourceLimits: { maxOldGenerationSizeMb: DECODE_WORKER_HEAP_MB, maxYoungGenerationSizeMb: DECODE_WORKER_YOUNG_MB },
    ...workerStartOptions(entry),
  });
}
