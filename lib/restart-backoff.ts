import { z } from 'zod';

export const restartBackoffSchema = z.object({
  /** Wait before the first restart. */
  initialMs: z.number().int().min(0).default(1_000),
  /** The wait doubles with each crash in a row, up to this. */
  maxMs: z.number().int().min(0).default(30_000),
  /** A process that ran this long before it died starts the count afresh. */
  healthyAfterMs: z.number().int().min(0).default(60_000),
});
export type RestartBackoff = z.infer<typeof restartBackoffSchema>;

/**
 * How long to wait before restarting a process that died: `crashesInARow` counts this death
 * (1 for the first); `ranMs` is how long it ran. A process that had been healthy restarts
 * after `initialMs`; one that keeps dying waits twice as long each time, up to `maxMs`.
 */
export function restartDelayMs(
  crashesInARow: number,
  ranMs: number,
  opts: RestartBackoff,
): { delayMs: number; crashesInARow: number } {
  const count = ranMs >= opts.healthyAfterMs ? 1 : Math.max(1, crashesInARow);
  return { delayMs: Math.min(opts.maxMs, opts.initialMs * 2 ** (count - 1)), crashesInARow: count };
}
