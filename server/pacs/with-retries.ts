export interface RetryOptions {
  /** Tries in all (1: no retry). */
  attempts: number;
  /** Wait before the second try; doubled each time, with up to 25% jitter. */
  backoffMs: number;
  retryable: (e: unknown) => boolean;
  onRetry?: (e: Error, attempt: number, delayMs: number) => void;
}

/** Runs fn until it succeeds, fails with a non-retryable error, or the attempts run out. */
export async function withRetries<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= opts.attempts || !opts.retryable(e)) throw e;
      const delayMs = Math.round(opts.backoffMs * 2 ** (attempt - 1) * (1 + Math.random() * 0.25));
      opts.onRetry?.(e as Error, attempt, delayMs);
      await new Promise((r) => setTimeout(r, delayMs));
    }
  }
}
