import type { Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  /** True when stdout is a terminal: progress bars are drawn only then. */
  isTTY: boolean;
}

/** One file per command (GUIDE): parse flags with zod, call a use case, print. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Full --help text. */
  help: string;
  run(args: string[], io: CliIO): Promise<number>;
}
