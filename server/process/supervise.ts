import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { restartBackoffSchema, restartDelayMs, type RestartBackoff } from '@/lib/restart-backoff';
import type { Logger } from '@/server/logger';

export interface SuperviseOptions {
  /** For the logs: 'app server', 'trainer'. */
  name: string;
  command: string;
  args: string[];
  spawnOptions: SpawnOptions;
  log: Logger;
  backoff?: Partial<RestartBackoff>;
  /** Called with every new child (e.g. to wire its output). */
  onStart?: (child: ChildProcess) => void;
}

export interface Supervised {
  /** The running child, or null between a death and its restart. */
  child(): ChildProcess | null;
  /** Restarts made so far. */
  restarts(): number;
  /** Stops supervising and ends the child with `signal` (SIGKILL after `graceMs`); resolves when it has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/**
 * Keeps a child process running: when it exits on its own (a crash, an out-of-memory kill, a
 * trainer that stopped itself after a stall) it is started again after a backoff that doubles
 * while it keeps dying young. Only stop() ends it for good.
 */
export function supervise(o: SuperviseOptions): Supervised {
  const backoff = restartBackoffSchema.parse(o.backoff ?? {});
  let current: ChildProcess | null = null;
  let stopping = false;
  let crashes = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | null = null;
  let exited: Promise<void> = Promise.resolve();

  const start = () => {
    timer = null;
    const startedAt = Date.now();
    const child = spawn(o.command, o.args, o.spawnOptions);
    current = child;
    o.onStart?.(child);
    exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        current = null;
        resolve();
        if (stopping) return;
        const next = restartDelayMs(crashes + 1, Date.now() - startedAt, backoff);
        crashes = next.crashesInARow;
        o.log.warn(
          { process: o.name, code, signal, restartInMs: next.delayMs, crashesInARow: crashes },
          'process exited; restarting',
        );
        timer = setTimeout(() => {
          restarts += 1;
          start();
        }, next.delayMs);
      });
    });
    child.on('error', (err) => o.log.error({ process: o.name, err }, 'process could not start'));
  };
  start();

  return {
    child: () => current,
    restarts: () => restarts,
    async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 15_000) {
      stopping = true;
      if (timer) clearTimeout(timer);
      const child = current;
      if (!child) return;
      child.kill(signal);
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(kill);
    },
  };
}
