import { PassThrough } from 'node:stream';
import { main } from '@/cli/main';

/** Runs `neuroloop ARGS` in this process, capturing what it prints; env entries apply for the call only. */
export async function runCli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main(args, { stdout, stderr, isTTY: false });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}
