/** `--name N` from the command line, else the fallback. */
export function numberOption(name: string, fallback: number, args = process.argv.slice(2)): number {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? Number(args[at + 1]) : fallback;
}

/** The middle value (the upper one of an even count). */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
