import { isAppError } from '@/lib/errors/app-error';
import { commands } from './commands/index';
import { wantsHelp } from './flags';
import type { CliIO } from './types';

function usage(): string {
  const names = Object.keys(commands).sort();
  const width = Math.max(...names.map((n) => n.length)) + 2;
  return [
    'Usage: neuroloop <command> [flags]',
    '',
    'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}${commands[n].summary}`),
    '',
    'Run `neuroloop <command> --help` for the flags of a command.',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(usage() + '\n');
    return name ? 0 : 1;
  }
  const load = commands[name]?.load;
  if (!load) {
    io.stderr.write(`Unknown command "${name}".\n\n${usage()}\n`);
    return 2;
  }
  const command = await load();
  if (wantsHelp(rest)) {
    io.stdout.write((command.helpFor?.(rest) ?? command.help).trimEnd() + '\n');
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (e) {
    if (isAppError(e)) {
      if (rest.includes('--json'))
        io.stdout.write(JSON.stringify({ ok: false, error: { code: e.code, message: e.message } }) + '\n');
      io.stderr.write(`error: ${e.message}\n`);
      return e.code === 'INTERNAL' ? 1 : 2;
    }
    io.stderr.write(`error: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

function defaultIO(): CliIO {
  return { stdout: process.stdout, stderr: process.stderr, isTTY: Boolean(process.stdout.isTTY), stdin: process.stdin };
}
