import { parentPort, workerData } from 'node:worker_threads';
import { openSqlPool } from '@/server/store/sql';
import { recordTrainingHeartbeat } from '@/server/use-cases/record-training-heartbeat';
import { recordTrainingStall } from '@/server/use-cases/record-training-stall';
import type { WatchdogCommand, WatchdogMessage, WatchdogOptions } from './watchdog';

const { opts, clock } = workerData as { opts: WatchdogOptions; clock: Float64Array };
const pool = opts.databaseUrl ? openSqlPool({ connectionString: opts.databaseUrl, max: 1 }) : null;
pool?.on('error', () => undefined);
let job: string | null = null;
let stage = 'starting';
let lastHeartbeatWrite = 0;
let stalled = false;

const send = (m: WatchdogMessage) => parentPort!.postMessage(m);

parentPort!.on('message', (c: WatchdogCommand) => {
  if (c.type === 'job') {
    job = c.trainingJobId;
    stage = 'starting';
    stalled = false;
    lastHeartbeatWrite = 0;
  } else if (c.type === 'stage') stage = c.stage;
  else if (c.type === 'stop') {
    clearInterval(timer);
    void pool?.end();
  }
});

async function writeHeartbeat(id: string) {
  if (pool) await recordTrainingHeartbeat(pool, id);
}

/**
 * The stall goes onto the job and its heartbeat is set far in the past: whichever trainer
 * sweeps next (this one once restarted, or another) hands the job on at once.
 */
async function recordStall(id: string, silentMs: number) {
  const reason = `the trainer made no progress for ${Math.round(silentMs / 1000)} s (during ${stage}) and was restarted`;
  if (pool) await recordTrainingStall(pool, id, reason);
}

async function check() {
  if (!job || stalled) return;
  const id = job;
  const silentMs = Date.now() - clock[0];
  if (silentMs <= opts.stallMs) {
    if (Date.now() - lastHeartbeatWrite >= opts.heartbeatMs) {
      lastHeartbeatWrite = Date.now();
      await writeHeartbeat(id).catch(() => undefined);
    }
    return;
  }
  stalled = true;
  await recordStall(id, silentMs).catch(() => undefined);
  send({ type: 'stalled', trainingJobId: id, silentMs, stage });
  // A main thread stuck in one call never reads that message: then the process goes.
  if (opts.killAfterMs !== null) setTimeout(() => process.kill(process.pid, 'SIGKILL'), opts.killAfterMs).unref();
}

const timer = setInterval(() => void check(), opts.checkMs);
send({ type: 'ready' });
