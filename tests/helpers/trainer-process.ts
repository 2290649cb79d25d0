import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** A real trainer process (trainer/main.ts under tsx) against a test database. */
export function startTrainerProcess(env: Record<string, string>): ChildProcess & { output: () => string } {
  let output = '';
  // One process (node --import tsx), not tsx's CLI wrapper: a SIGKILL must kill the trainer itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'trainer/main.ts')], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'info', NEXT_TELEMETRY_DISABLED: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  return Object.assign(child, { output: () => output });
}

export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  timeoutMs = 60_000,
  everyMs = 50,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
