/**
 * CPU time of processes on this machine (Linux /proc), to say where a bench's time goes:
 * `start()` snapshots the pids, `stop()` returns each group's CPU as a percentage of one
 * core over the interval. A pid first seen at stop counts from its start. Elsewhere
 * (no /proc) every figure is null.
 */
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const TICKS_PER_S = (() => {
  try {
    return Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of a pid in seconds, null when it is gone or /proc is absent. */
function cpuSeconds(pid: number): number | null {
  try {
    // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return null;
  }
}

export type PidGroups = Record<string, () => Promise<number[]> | number[]>;

export function cpuMeter<G extends PidGroups>(groups: G) {
  let t0 = 0;
  const before = new Map<number, number>();
  return {
    async start(): Promise<void> {
      t0 = performance.now();
      for (const list of Object.values(groups)) for (const pid of await list()) before.set(pid, cpuSeconds(pid) ?? 0);
    },
    /** Percent of one core per group over the interval (200: two cores busy). */
    async stop(): Promise<Record<keyof G, number | null>> {
      const wallS = (performance.now() - t0) / 1000;
      const out = {} as Record<keyof G, number | null>;
      for (const [name, list] of Object.entries(groups) as [keyof G, G[keyof G]][]) {
        let sum: number | null = null;
        for (const pid of await list()) {
          const now = cpuSeconds(pid);
          if (now !== null) sum = (sum ?? 0) + now - (before.get(pid) ?? 0);
        }
        out[name] = sum === null ? null : Math.round((sum / wallS) * 1000) / 10;
      }
      return out;
    },
  };
}
