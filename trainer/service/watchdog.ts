import { Worker } from 'node:worker_threads';
import { z } from 'zod';

/** Slot of the shared clock: the time (ms since the epoch) of the last heartbeat. */
const LAST_BEAT = 0;

export const watchdogOptionsSchema = z.object({
  /** No heartbeat for this long while a job runs: the job is stalled. */
  stallMs: z.number().int().positive(),
  /** How often the job's heartbeatAt is written while the trainer makes progress. */
  heartbeatMs: z.number().int().positive(),
  /** How often the watchdog looks. */
  checkMs: z.number().int().positive(),
  /** Where the job's heartbeat and a stall are written; null: nowhere (tests). */
  databaseUrl: z.string().nullable(),
  /** After reporting a stall, how long the process has to exit on its own before it is killed. */
  killAfterMs: z.number().int().positive().nullable(),
});
export type WatchdogOptions = z.infer<typeof watchdogOptionsSchema>;

/** What the watchdog thread tells the trainer. */
export const watchdogMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('stalled'), trainingJobId: z.string(), silentMs: z.number(), stage: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
export type WatchdogMessage = z.infer<typeof watchdogMessageSchema>;

/** What the trainer tells the watchdog thread. */
export type WatchdogCommand =
  { type: 'job'; trainingJobId: string | null } | { type: 'stage'; stage: string } | { type: 'stop' };

export interface Watchdog {
  /** Resolves once the watchdog thread is looking. */
  ready: Promise<void>;
  /** Progress was made (a batch, a file, a stage): cheap, call it as often as work advances. */
  beat(stage?: string): void;
  /** Watch this job (null: none running; an idle trainer cannot stall). */
  watch(trainingJobId: string | null): void;
  stop(): Promise<void>;
}

/**
 * A trainer whose job stops making progress must fail it, not hang. The watchdog runs on its
 * own thread, so it sees a stall even when the main thread is stuck inside one WASM call;
 * heartbeats cross over a shared clock, no message needed. While progress is fresh it keeps
 * the job's heartbeatAt current (what other trainers use to hand off a dead trainer's job);
 * on a stall it writes the reason onto the job, tells the trainer, and kills the process if
 * the trainer cannot exit by itself (its supervisor starts a fresh one).
 */
export function startWatchdog(options: WatchdogOptions, onMessage: (m: WatchdogMessage) => void): Watchdog {
  const opts = watchdogOptionsSchema.parse(options);
  const clock = new Float64Array(new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
  clock[LAST_BEAT] = Date.now();
  const worker = new Worker(new URL('./watchdog-worker.mjs', import.meta.url), {
    workerData: { opts, clock },
  });
  worker.unref();
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  worker.on('message', (raw: unknown) => {
    const m = watchdogMessageSchema.parse(raw);
    if (m.type === 'ready') markReady();
    onMessage(m);
  });
  worker.on('error', (e) => onMessage({ type: 'error', message: e.message }));
  let stage = '';
  const post = (c: WatchdogCommand) => worker.postMessage(c);
  return {
    ready,
    beat(next?: string) {
      clock[LAST_BEAT] = Date.now();
      if (next && next !== stage) {
        stage = next;
        post({ type: 'stage', stage });
      }
    },
    watch(trainingJobId) {
      clock[LAST_BEAT] = Date.now();
      post({ type: 'job', trainingJobId });
    },
    async stop() {
      post({ type: 'stop' });
      await worker.terminate();
    },
  };
}
