import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { objectiveRows, type LogisticRows, type RowHelper } from '@/lib/learn/logistic-regression';
import { CONTROL, GENERATION, GO, DONE, IDLE, type RowHelperLoad } from './row-helper-protocol';

export interface RowHelperThread extends RowHelper {
  /** Stops the thread (a fit in progress finishes on the calling thread). */
  close(): Promise<void>;
}

type SharedTail = Pick<RowHelperLoad, 'x' | 'y' | 'sw' | 'rows'>;

/**
 * Rows [from, n) of a fit in shared memory, made once per source: the fits along an L2 path
 * reuse each fold's rows, and copying them for every fit would repeat the same copy.
 */
const tails = new WeakMap<
  Float64Array,
  { y: ArrayLike<number>; sw?: ArrayLike<number>; from: number; tail: SharedTail }
>();

function sharedTail(rows: LogisticRows, from: number): SharedTail {
  const known = tails.get(rows.x);
  if (known && known.y === rows.y && known.sw === rows.sw && known.from === from) return known.tail;
  const n = rows.y.length;
  const tail: SharedTail = {
    x: sharedCopy(Float64Array, rows.x, from * rows.d, n * rows.d),
    y: sharedCopy(Int32Array, rows.y, from, n),
    sw: rows.sw ? sharedCopy(Float64Array, rows.sw, from, n) : null,
    rows: n - from,
  };
  tails.set(rows.x, { y: rows.y, sw: rows.sw, from, tail });
  return tail;
}

/** values[from, to) in a new shared buffer of `type`. */
function sharedCopy(
  type: Float64ArrayConstructor | Int32ArrayConstructor,
  values: ArrayLike<number>,
  from: number,
  to: number,
): SharedArrayBuffer {
  const buffer = new SharedArrayBuffer((to - from) * type.BYTES_PER_ELEMENT);
  const view = type === Int32Array ? new Int32Array(buffer) : new Float64Array(buffer);
  for (let i = from; i < to; i++) view[i - from] = values[i];
  return buffer;
}

const entry = path.join(path.dirname(fileURLToPath(import.meta.url)), 'row-helper-worker.mjs');

/**
 * A second thread for logistic-regression fits (lib/learn/logistic-regression.ts, RowHelper):
 * each objective evaluation, it computes the last half of the rows while the caller computes the
 * first. The rows are shared, not copied per evaluation (SharedArrayBuffer); the two threads meet
 * on an Atomics flag, so an evaluation costs no message. If the thread does not answer within
 * `timeoutMs`, the caller computes those rows itself from then on. Null when no thread starts.
 */
export async function startRowHelper(
  opts: { timeoutMs?: number; startMs?: number } = {},
): Promise<RowHelperThread | null> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const worker = new Worker(entry);
  worker.unref();
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), opts.startMs ?? 15_000);
    worker.once('message', (m: { ready?: boolean }) => {
      clearTimeout(timer);
      resolve(m.ready === true);
    });
    worker.once('error', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  if (!ready) {
    await worker.terminate();
    return null;
  }
  const control = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  let broken = false;
  let current: { rows: LogisticRows; from: number; params: Float64Array; result: Float64Array } | null = null;
  worker.on('error', () => (broken = true));
  worker.on('exit', () => (broken = true));
  return {
    load(rows) {
      const n = rows.y.length;
      const from = broken || n < 2 ? n : Math.floor(n / 2);
      const size = rows.d * rows.k + rows.k;
      current = { rows, from, params: new Float64Array(0), result: new Float64Array(0) };
      if (from >= n) return from;
      const tail = sharedTail(rows, from);
      const params = new Float64Array(new SharedArrayBuffer(size * 8));
      const result = new Float64Array(new SharedArrayBuffer((size + 1) * 8));
      current = { rows, from, params, result };
      const generation = Atomics.add(control, GENERATION, 1) + 1;
      Atomics.store(control, CONTROL, IDLE);
      Atomics.notify(control, CONTROL);
      const load: RowHelperLoad = {
        generation,
        control: control.buffer as SharedArrayBuffer,
        ...tail,
        wsum: rows.wsum,
        d: rows.d,
        k: rows.k,
        params: params.buffer as SharedArrayBuffer,
        result: result.buffer as SharedArrayBuffer,
      };
      worker.postMessage(load);
      return from;
    },
    start(params) {
      if (!current || current.from >= current.rows.y.length) return;
      current.params.set(params);
      Atomics.store(control, CONTROL, GO);
      Atomics.notify(control, CONTROL);
    },
    collect(grad) {
      if (!current) return 0;
      const { rows, from, params, result } = current;
      const n = rows.y.length;
      if (from >= n) return 0;
      const deadline = performance.now() + timeoutMs;
      while (!broken && Atomics.load(control, CONTROL) === GO && performance.now() < deadline) {
        Atomics.wait(control, CONTROL, GO, Math.max(1, deadline - performance.now()));
      }
      if (Atomics.load(control, CONTROL) === DONE) {
        Atomics.store(control, CONTROL, IDLE);
        for (let i = 0; i < grad.length; i++) grad[i] += result[i];
        return result[grad.length];
      }
      // No answer: these rows are computed here, now and for every later evaluation.
      broken = true;
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, CONTROL);
      void worker.terminate();
      current = { ...current, from: n };
      return objectiveRows(params, rows, from, n, grad);
    },
    async close() {
      broken = true;
      Atomics.add(control, GENERATION, 1);
      Atomics.notify(control, CONTROL);
      await worker.terminate();
    },
  };
}
