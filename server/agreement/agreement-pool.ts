import { AppError } from '@/lib/errors/app-error';
import { openWorkerChannel, type WorkerChannel } from '@/server/workers/worker-channel';
import { workerEntry, workerStartOptions, type WorkerEntry } from '@/server/workers/worker-entry';
import { runAgreementTask, type AgreementAnswer, type AgreementTask } from './agreement-task';
import type { AgreementReply, AgreementRequest } from './agreement-worker-main';

/** Computations waiting for the worker at most; more are refused (TOO_MANY_REQUESTS). */
const MAX_WAITING = 8;
const IDLE_MS = 60_000;

type Channel = WorkerChannel<AgreementRequest, AgreementAnswer>;
const shared = Symbol.for('neuroloop.agreement-worker');
type WithWorker = typeof globalThis & { [shared]?: { channel: Channel | null } };

/**
 * Agreement statistics off the event loop: one worker thread per process computes them in
 * turn (each within its time budget), so that a 400-reader project's bootstrap never holds
 * up HTTP or Socket.IO. Where the worker's entry is missing (a bundle without the sources),
 * it computes inline.
 */
export function computeAgreementOffThread(task: AgreementTask): Promise<AgreementAnswer> {
  const entry = workerEntry('agreement-worker', 'server/agreement');
  if (!entry) return Promise.resolve(runAgreementTask(task));
  const state = ((globalThis as WithWorker)[shared] ??= { channel: null });
  if (state.channel && state.channel.inFlight >= MAX_WAITING)
    return Promise.reject(
      new AppError({ code: 'TOO_MANY_REQUESTS', message: 'Agreement statistics are busy; try again in a moment.' }),
    );
  if (!state.channel || state.channel.stopped) state.channel = start(entry, state);
  return state.channel.call((id) => ({ id, task }));
}

function start(entry: WorkerEntry, state: { channel: Channel | null }): Channel {
  const threads = process.getBuiltinModule('node:worker_threads');
  const channel: Channel = openWorkerChannel<
    AgreementRequest,
    Extract<AgreementReply, { value: unknown }>,
    AgreementAnswer
  >(new threads.Worker(entry.file, workerStartOptions(entry)), {
    idleMs: IDLE_MS,
    answer: (reply) => reply.value,
    onStop: () => {
      if (state.channel === channel) state.channel = null;
    },
  });
  return channel;
}
