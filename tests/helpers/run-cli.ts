import { PassThrough, Readable } from 'node:stream';
import { main } from '@/cli/main';

/**
 * Runs `neuroloop ARGS` in this process, capturing what it prints; env entries apply for the
 * call only; `stdin` is what standard input holds (not a terminal).
 */
export async function runCli(
  args: string[],
  env: Record<string, string> = {},
  stdin?: string,
): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const input = stdin === undefined ? undefined : Readable.from([stdin]);
    const code = await main(args, { stdout, stderr, isTTY: false, stdin: input });
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}
