import type { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';
import { flagsHelp, parseFlags, type FlagsSchema } from './flags';
import type { CliCommand, CliIO } from './types';

export interface CommandSpec<S extends FlagsSchema> {
  /** As typed after `neuroloop`, e.g. `synth` or `user add`. */
  name: string;
  summary: string;
  /** Paragraphs after the summary in --help. */
  description?: string;
  /** Positional arguments in the usage line, e.g. `PATH...`; without it none are accepted. */
  positionals?: string;
  flags: S;
  run(ctx: { flags: z.infer<S>; positionals: string[]; io: CliIO; args: string[] }): Promise<number>;
}

/** A command whose parser, types and help all come from its flags schema. */
export function defineCommand<S extends FlagsSchema>(spec: CommandSpec<S>): CliCommand {
  const usage = `Usage: neuroloop ${spec.name}${spec.positionals ? ` ${spec.positionals}` : ''} [flags]`;
  const help = [usage, '', spec.summary, ...(spec.description ? ['', spec.description.trim()] : [])]
    .concat(['', 'Flags:', flagsHelp(spec.flags)])
    .join('\n');
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    async run(args, io) {
      const { flags, positionals } = parseFlags(args, spec.flags, { positionals: Boolean(spec.positionals) });
      return spec.run({ flags, positionals, io, args });
    },
  };
}

/** A command made of subcommands (`user add`, `user list`): `neuroloop user add --help` shows add's flags. */
export function defineCommandGroup(spec: {
  name: string;
  summary: string;
  subcommands: Record<string, CliCommand>;
}): CliCommand {
  const names = Object.keys(spec.subcommands);
  const help = [
    `Usage: neuroloop ${spec.name} <${names.join('|')}> [flags]`,
    '',
    spec.summary,
    '',
    'Subcommands:',
    ...names.map((n) => `  ${n.padEnd(12)}${spec.subcommands[n].summary}`),
    '',
    `Run \`neuroloop ${spec.name} <subcommand> --help\` for its flags.`,
  ].join('\n');
  return {
    name: spec.name,
    summary: spec.summary,
    help,
    helpFor: (args) => spec.subcommands[args[0]]?.help ?? help,
    async run(args, io) {
      const [sub, ...rest] = args;
      const command = sub ? spec.subcommands[sub] : undefined;
      if (!command)
        throw new AppError({
          code: 'BAD_REQUEST',
          message: `Expected ${names.map((n) => `\`${spec.name} ${n}\``).join(', ')} (see --help).`,
        });
      return command.run(rest, io);
    },
  };
}
