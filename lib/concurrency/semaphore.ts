/**
 * At most `limit` holders at once; later callers wait in arrival order. `tryAcquire`
 * refuses instead of waiting (a caller that must not queue), and `queued` bounds the
 * waiters when a caller prefers refusing to waiting without end.
 */
export class Semaphore {
  private held = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`A semaphore needs a limit of at least 1, not ${limit}`);
  }

  get active(): number {
    return this.held;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** A slot now, or null when all are held. */
  tryAcquire(): (() => void) | null {
    if (this.held >= this.limit) return null;
    this.held += 1;
    return this.releaser();
  }

  /** Waits for a slot; call the returned function once to give it back. */
  acquire(): Promise<() => void> {
    const now = this.tryAcquire();
    if (now) return Promise.resolve(now);
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.held += 1;
        resolve(this.releaser());
      });
    });
  }

  /** Runs `fn` holding a slot. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held -= 1;
      this.waiting.shift()?.();
    };
  }
}
