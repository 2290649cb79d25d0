import { describe, expect, it } from 'vitest';
import { Semaphore } from '@/lib/concurrency/semaphore';

function gate() {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('Semaphore', () => {
  it('lets `limit` holders in at once and the waiters in arrival order', async () => {
    const s = new Semaphore(2);
    const order: number[] = [];
    let running = 0;
    let most = 0;
    const gates = Array.from({ length: 5 }, gate);
    const jobs = gates.map((g, i) =>
      s.run(async () => {
        running += 1;
        most = Math.max(most, running);
        order.push(i);
        await g.promise;
        running -= 1;
      }),
    );
    await new Promise((r) => setTimeout(r, 0));
    expect(s.active).toBe(2);
    expect(s.queued).toBe(3);
    for (const g of gates) {
      g.resolve();
      await new Promise((r) => setTimeout(r, 0));
    }
    await Promise.all(jobs);
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(s.active).toBe(0);
  });

  it('tryAcquire refuses when full; a release counts once however often it is called', () => {
    const s = new Semaphore(1);
    const release = s.tryAcquire();
    expect(release).not.toBeNull();
    expect(s.tryAcquire()).toBeNull();
    release!();
    release!();
    expect(s.active).toBe(0);
    expect(s.tryAcquire()).not.toBeNull();
    expect(s.tryAcquire()).toBeNull();
  });

  it('gives the slot back when the work throws', async () => {
    const s = new Semaphore(1);
    await expect(s.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(s.active).toBe(0);
  });

  it('refuses a limit below 1', () => {
    expect(() => new Semaphore(0)).toThrow(/at least 1/);
  });
});
