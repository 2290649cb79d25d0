import type { PreparedInputSpec } from '@/trainer/data/prepare';
import { warmAllProjects, type WarmDeps } from './warm-features';

export interface FeatureWarmer {
  /**
   * Runs `work` with the warmer held off: it waits at most for the chunk in progress, and no
   * chunk starts until `work` settles. Training and Grad-CAM jobs run through this.
   */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Ends the loop after the chunk in progress. */
  stop(): Promise<void>;
}

/**
 * The trainer's idle work: while no job runs, a pass over the projects that train a frozen
 * ResNet50 computes the features their next job will read (warm-features.ts); a pass that
 * found nothing to do sleeps `idleMs` before the next. A job asks for the CPU with `exclusive`
 * and gets it after the current chunk. A failed pass is logged and tried again later.
 * `chunk`: scans per chunk (warm-features.ts's default when absent).
 */
export function startFeatureWarmer(deps: WarmDeps, opts: { idleMs: number; chunk?: number }): FeatureWarmer {
  const known = new Set<string>();
  const specs = new Map<string, PreparedInputSpec>();
  let holds = 0;
  let stopped = false;
  let pass: Promise<unknown> = Promise.resolve();
  let wake: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = null;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = null;
        resolve();
      };
    });

  const loop = async () => {
    while (!stopped) {
      // Held by a job: wait for its release (which wakes this), then go on where the pass stopped.
      if (holds > 0) {
        await sleep(2 ** 31 - 1);
        continue;
      }
      let rest = opts.idleMs;
      const started = performance.now();
      const run = warmAllProjects(deps, { known, specs, chunk: opts.chunk, shouldStop: () => holds > 0 || stopped });
      pass = run.catch(() => undefined);
      try {
        const r = await run;
        if (!r.complete) rest = 0;
        if (r.computed > 0)
          deps.log?.info(
            { scans: r.computed, seconds: Math.round((performance.now() - started) / 100) / 10, complete: r.complete },
            'backbone features computed ahead of the next job',
          );
      } catch (err) {
        deps.log?.warn({ err }, 'feature warming failed; it is tried again later');
      }
      if (rest > 0 && !stopped) await sleep(rest);
    }
  };
  const done = loop();

  return {
    async exclusive(work) {
      holds += 1;
      try {
        await pass;
        return await work();
      } finally {
        holds -= 1;
        if (holds === 0) wake?.();
      }
    },
    async stop() {
      stopped = true;
      wake?.();
      await done;
    },
  };
}
