import { parseArgs, type ParseArgsConfig } from 'node:util';
import { z } from 'zod';
import { AppError } from '@/lib/errors/app-error';

/**
 * A command's flags are one zod object: each field is a flag (kebab-case, as typed), its schema
 * validates and converts the value, and flag() attaches the description and placeholder that
 * --help prints. From that one object come the parser's options, the types and the help.
 */
export interface FlagMeta {
  description: string;
  /** The value's name in help, e.g. DIR or N (none for a boolean). */
  placeholder?: string;
  short?: string;
}

export type FlagsSchema = z.ZodObject<Record<string, z.ZodType>>;

const metaOf = new WeakMap<z.ZodType, FlagMeta>();

/** Declares a flag: the schema that parses it, and what help says about it. */
export function flag<S extends z.ZodType>(schema: S, description: string, placeholder?: string, short?: string): S {
  metaOf.set(schema, { description, placeholder, short });
  return schema;
}

type Def = { type: string; innerType?: z.ZodType; in?: z.ZodType; defaultValue?: unknown; entries?: object };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The schema's own value type under optional/default/pipe wrappers (what the user types). */
function innermost(s: z.ZodType): Def {
  let d = defOf(s);
  for (;;) {
    if ((d.type === 'optional' || d.type === 'default' || d.type === 'prefault') && d.innerType) d = defOf(d.innerType);
    else if (d.type === 'pipe' && d.in) d = defOf(d.in);
    else return d;
  }
}

function defaultOf(s: z.ZodType): { has: boolean; value?: unknown } {
  let d = defOf(s);
  for (;;) {
    if (d.type === 'default') return { has: true, value: d.defaultValue };
    if (d.type === 'optional' && d.innerType) d = defOf(d.innerType);
    else if (d.type === 'pipe' && d.in) d = defOf(d.in);
    else return { has: false };
  }
}

const isBoolean = (s: z.ZodType) => innermost(s).type === 'boolean';
const isRequired = (s: z.ZodType) => !s.safeParse(undefined).success;

/** node:util parseArgs options for a flags schema (booleans are switches, everything else a string). */
export function parserOptions(schema: FlagsSchema): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, s] of Object.entries(schema.shape)) {
    const short = metaOf.get(s)?.short;
    options[name] = { type: isBoolean(s) ? 'boolean' : 'string', ...(short ? { short } : {}) };
  }
  return options;
}

/** The Flags section of --help: every flag with its placeholder, description, choices and default. */
export function flagsHelp(schema: FlagsSchema): string {
  const rows = Object.entries(schema.shape).map(([name, s]) => {
    const meta = metaOf.get(s);
    const inner = innermost(s);
    const placeholder = isBoolean(s) ? '' : ` ${meta?.placeholder ?? name.toUpperCase().replace(/-/g, '_')}`;
    const left = `${meta?.short ? `-${meta.short}, ` : ''}--${name}${placeholder}`;
    const notes: string[] = [];
    if (inner.type === 'enum' && inner.entries) notes.push(`one of ${Object.values(inner.entries).join(', ')}`);
    if (isRequired(s)) notes.push('required');
    const d = defaultOf(s);
    if (d.has && d.value !== false && d.value !== undefined) notes.push(`default ${String(d.value)}`);
    const text = [meta?.description ?? '', notes.length ? `(${notes.join('; ')})` : ''].filter(Boolean).join(' ');
    return { left, text };
  });
  rows.push({ left: '-h, --help', text: 'show this help' });
  const width = Math.max(...rows.map((r) => r.left.length)) + 2;
  return rows
    .map(({ left, text }) => {
      const lines = wrap(text, Math.max(40, 100 - width - 2));
      return lines.map((l, i) => `  ${(i === 0 ? left : '').padEnd(width)}${l}`).join('\n');
    })
    .join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return lines.length || line ? [...lines, line] : [''];
}

/**
 * Parses argv against a flags schema; any problem becomes an AppError(BAD_REQUEST) with a
 * message a person can act on.
 */
export function parseFlags<S extends FlagsSchema>(
  args: string[],
  schema: S,
  opts: { positionals?: boolean } = {},
): { flags: z.infer<S>; positionals: string[] } {
  let parsed;
  try {
    parsed = parseArgs({ args, options: parserOptions(schema), allowPositionals: true, strict: true });
  } catch (e) {
    throw new AppError({ code: 'BAD_REQUEST', message: (e as Error).message });
  }
  if (!opts.positionals && parsed.positionals.length > 0)
    throw new AppError({
      code: 'BAD_REQUEST',
      message: `Unexpected argument '${parsed.positionals[0]}' (see --help).`,
    });
  const { help: _help, ...values } = parsed.values;
  const result = schema.safeParse(values);
  if (!result.success) {
    const msg = result.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('\n');
    throw new AppError({ code: 'BAD_REQUEST', message: msg });
  }
  return { flags: result.data, positionals: parsed.positionals };
}

export function wantsHelp(args: string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

/** The `--json` switch most commands share. */
export const jsonFlag = (description = 'print the result as JSON') => flag(z.boolean().default(false), description);
