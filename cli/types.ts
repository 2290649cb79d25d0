import type { Readable, Writable } from 'node:stream';

export interface CliIO {
  stdout: Writable;
  stderr: Writable;
  /** True when stdout is a terminal: progress bars (and secrets) are shown only then. */
  isTTY: boolean;
  /** Where passwords are read from (`user add`): a terminal prompt, or a line with --password-stdin. */
  stdin?: Readable & { isTTY?: boolean };
}

/** One file per command: flags are one zod schema (cli/flags.ts); run calls use cases and prints. */
export interface CliCommand {
  name: string;
  summary: string;
  /** Full --help text. */
  help: string;
  /** Help for these arguments when it depends on them (a group's subcommand). */
  helpFor?(args: string[]): string;
  run(args: string[], io: CliIO): Promise<number>;
}
