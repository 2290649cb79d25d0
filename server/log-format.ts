/**
 * Human-readable log lines for a terminal: `12:04:31 INFO  trainer  message  key=value`.
 * pino writes JSON; on a TTY (unless LOG_FORMAT=json) each line goes through here instead.
 */

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '\x1b[90m' },
  20: { name: 'DEBUG', color: '\x1b[90m' },
  30: { name: 'INFO', color: '\x1b[32m' },
  40: { name: 'WARN', color: '\x1b[33m' },
  50: { name: 'ERROR', color: '\x1b[31m' },
  60: { name: 'FATAL', color: '\x1b[41m\x1b[37m' },
};
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
/** pino's own fields, printed in the line's fixed part or not at all. */
const FIXED = new Set(['level', 'time', 'pid', 'hostname', 'name', 'msg', 'v']);

export interface LogLineOptions {
  color: boolean;
}

/** One pino JSON record as one line (plus an indented stack for errors at level error and above). */
export function formatLogLine(line: string, opts: LogLineOptions): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line.endsWith('\n') ? line : line + '\n';
  }
  const paint = (code: string, s: string) => (opts.color ? `${code}${s}${RESET}` : s);
  const level = LEVELS[Number(record.level)] ?? { name: String(record.level), color: '' };
  const time = typeof record.time === 'number' ? new Date(record.time).toTimeString().slice(0, 8) : '';
  const fields: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (FIXED.has(key) || value === undefined) continue;
    if (isErrorLike(value)) {
      fields.push(`${key}=${quote(value.message)}`);
      if (Number(record.level) >= 50 && value.stack) stack = indent(value.stack);
      continue;
    }
    fields.push(`${key}=${quote(value)}`);
  }
  const parts = [
    paint(DIM, time),
    paint(level.color, level.name.padEnd(5)),
    typeof record.name === 'string' ? paint(DIM, record.name) : '',
    String(record.msg ?? ''),
    fields.length ? paint(DIM, fields.join(' ')) : '',
  ].filter(Boolean);
  return parts.join(' ') + '\n' + stack;
}

function isErrorLike(v: unknown): v is { message: string; stack?: string } {
  return typeof v === 'object' && v !== null && typeof (v as { message?: unknown }).message === 'string';
}

function quote(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return typeof v === 'string' && /[\s="]/.test(s) ? JSON.stringify(s) : s;
}

function indent(stack: string): string {
  return (
    stack
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n') + '\n'
  );
}
