import { describe, expect, it } from 'vitest';
import { restartBackoffSchema, restartDelayMs } from '@/lib/restart-backoff';

const opts = restartBackoffSchema.parse({ initialMs: 1000, maxMs: 30_000, healthyAfterMs: 60_000 });

describe('restart backoff', () => {
  it('doubles while the process keeps dying young, up to the cap', () => {
    const delays: number[] = [];
    let crashes = 0;
    for (let i = 0; i < 8; i++) {
      const next = restartDelayMs(crashes + 1, 2_000, opts);
      crashes = next.crashesInARow;
      delays.push(next.delayMs);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  });

  it('starts afresh after a process that had been running long enough', () => {
    expect(restartDelayMs(6, 120_000, opts)).toEqual({ delayMs: 1000, crashesInARow: 1 });
  });
});
