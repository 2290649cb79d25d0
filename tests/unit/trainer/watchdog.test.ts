import { afterEach, describe, expect, it } from 'vitest';
import { startWatchdog, type Watchdog, type WatchdogMessage } from '@/trainer/service/watchdog';

const options = { stallMs: 400, heartbeatMs: 1000, checkMs: 50, databaseUrl: null, killAfterMs: null };

/** Blocks this thread as a WASM kernel that never returns would. */
function spin(ms: number) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy
  }
}

const nextTick = () => new Promise((r) => setTimeout(r, 0));

describe('the trainer watchdog', () => {
  let dog: Watchdog | null = null;
  afterEach(async () => {
    await dog?.stop();
    dog = null;
  });

  it('reports a stall while the main thread is stuck in one synchronous call', async () => {
    const messages: WatchdogMessage[] = [];
    dog = startWatchdog(options, (m) => messages.push(m));
    await dog.ready;
    dog.watch('job-1');
    dog.beat('resnet50 features');
    spin(1500); // an injected stall: no heartbeat, and no event loop either
    const stalls = () => messages.filter((m) => m.type === 'stalled');
    for (let i = 0; i < 100 && stalls().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(stalls()).toHaveLength(1);
    messages.splice(0, messages.length, ...stalls());
    expect(messages[0]).toMatchObject({ type: 'stalled', trainingJobId: 'job-1', stage: 'resnet50 features' });
    expect((messages[0] as { silentMs: number }).silentMs).toBeGreaterThan(400);
  });

  it('stays quiet while heartbeats keep coming, and when no job is watched', async () => {
    const messages: WatchdogMessage[] = [];
    dog = startWatchdog(options, (m) => m.type !== 'ready' && messages.push(m));
    await dog.ready;
    dog.watch('job-2');
    for (let i = 0; i < 12; i++) {
      spin(150); // slow batches, each shorter than the stall limit
      dog.beat('cnn train');
      await nextTick();
    }
    dog.watch(null);
    spin(800); // idle: no job, nothing to stall
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toEqual([]);
  });
});
