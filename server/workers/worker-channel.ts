import type { Worker } from 'node:worker_threads';

/** A call's worker stopped (died, or was stopped) before it answered. */
export class WorkerStoppedError extends Error {
  constructor(readonly why: string) {
    super(`the worker stopped: ${why}`);
  }
}

export interface WorkerChannel<Req, Res> {
  /** Posts `request(id)` and resolves with the reply's answer; rejects on an error reply, or with WorkerStoppedError. */
  call(request: (id: number) => Req, transfer?: ArrayBuffer[]): Promise<Res>;
  readonly inFlight: number;
  readonly stopped: boolean;
  /** Stops the worker; pending calls reject with WorkerStoppedError. */
  stop(why?: string): Promise<void>;
}

interface Pending<Res> {
  resolve: (value: Res) => void;
  reject: (e: Error) => void;
}

/**
 * Id-matched request/reply over one worker thread, shared by the import's decode workers and
 * the trainer's augmentation worker. Replies are `{ id, error }` or `{ id, ...answer }`, turned
 * into the answer by `answer`. The worker is referenced only while a call is in flight (it never
 * keeps a process alive), stops after `idleMs` without calls, and when it stops, by dying or
 * idling, every pending call rejects and `onStop` runs once. Messages without an id go to
 * `onOther` (e.g. a ready handshake).
 */
export function openWorkerChannel<Req, Reply extends { id: number }, Res>(
  worker: Worker,
  opts: {
    idleMs: number;
    answer: (reply: Reply) => Res;
    onStop?: (failed: boolean, why: string) => void;
    onOther?: (message: unknown) => void;
  },
): WorkerChannel<Req, Res> {
  const pending = new Map<number, Pending<Res>>();
  let nextId = 0;
  let stopped = false;
  let idleTimer: NodeJS.Timeout | undefined;
  worker.unref();

  const stop = (failed: boolean, why: string) => {
    if (stopped) return;
    stopped = true;
    clearTimeout(idleTimer);
    for (const p of pending.values()) p.reject(new WorkerStoppedError(why));
    pending.clear();
    opts.onStop?.(failed, why);
  };
  const armIdleTimer = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      stop(false, 'idle');
      void worker.terminate();
    }, opts.idleMs).unref();
  };
  worker.on('message', (m: unknown) => {
    const reply = m as (Reply & { error?: string }) | null;
    if (typeof reply?.id !== 'number') return opts.onOther?.(m);
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (pending.size === 0) {
      worker.unref();
      armIdleTimer();
    }
    if (typeof reply.error === 'string') p.reject(new Error(reply.error));
    else p.resolve(opts.answer(reply));
  });
  worker.on('error', (e) => stop(true, e.message));
  worker.on('exit', (code) => stop(code !== 0, `worker exited with code ${code}`));
  armIdleTimer();

  return {
    get inFlight() {
      return pending.size;
    },
    get stopped() {
      return stopped;
    },
    call(request, transfer = []) {
      if (stopped) return Promise.reject(new WorkerStoppedError('already stopped'));
      clearTimeout(idleTimer);
      const id = nextId++;
      return new Promise<Res>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.ref();
        worker.postMessage(request(id), transfer);
      });
    },
    async stop(why = 'closed') {
      stop(false, why);
      await worker.terminate();
    },
  };
}
