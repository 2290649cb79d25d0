import { describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logger';
import { supervise } from '@/server/process/supervise';

const waitUntil = async (what: string, fn: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('the process supervisor', () => {
  it('restarts a child that dies, with growing waits, until stopped', { timeout: 60_000 }, async () => {
    const starts: number[] = [];
    const exits: number[] = [];
    // A child that dies at once, as a crash would.
    const s = supervise({
      name: 'crasher',
      command: process.execPath,
      args: ['-e', 'process.exit(3)'],
      spawnOptions: { stdio: 'ignore' },
      log: createLogger('silent'),
      backoff: { initialMs: 100, maxMs: 400, healthyAfterMs: 60_000 },
      onStart: (child) => {
        starts.push(Date.now());
        child.once('exit', () => exits.push(Date.now()));
      },
    });
    await waitUntil('three restarts', () => s.restarts() >= 3, 40_000);
    await s.stop();
    // The wait from each exit to the next start (not start to start: a loaded machine's
    // process start-up time would hide the backoff) doubles: 100 ms, then 200, then 400.
    const waits = starts.slice(1, 4).map((t, i) => t - exits[i]!);
    expect(waits[0]).toBeGreaterThanOrEqual(95);
    expect(waits[1]).toBeGreaterThanOrEqual(195);
    expect(waits[2]).toBeGreaterThanOrEqual(390);
    const after = s.restarts();
    await new Promise((r) => setTimeout(r, 600));
    expect(s.restarts()).toBe(after); // stopped means stopped
  });

  it('stop() ends a running child and does not restart it', async () => {
    const s = supervise({
      name: 'sleeper',
      command: process.execPath,
      args: ['-e', 'setInterval(() => {}, 1000)'],
      spawnOptions: { stdio: 'ignore' },
      log: createLogger('silent'),
    });
    await waitUntil('the child', () => s.child()?.pid !== undefined);
    const pid = s.child()!.pid!;
    await s.stop('SIGTERM');
    expect(s.child()).toBeNull();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(s.restarts()).toBe(0);
  });
});
