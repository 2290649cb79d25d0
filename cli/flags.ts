import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Parses argv with node:util then validates with a zod schema; any problem becomes
 * an AppError(BAD_REQUEST) with a message a person can act on.
 */
export function parseFlags<S extends z.ZodType>(
  args: string[],
  options: Options,
  schema: S,
): { flags: z.infer<S>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (e) {
    throw new AppError({ code: 'BAD_REQUEST', message: (e as Error).message });
  }
  const result = schema.safeParse(parsed.values);
  if (!result.success) {
    const msg = result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n');
    throw new AppError({ code: 'BAD_REQUEST', message: msg });
  }
  return { flags: result.data, positionals: parsed.positionals };
}

export function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}
