import type { CliIO } from './types';

export function printJson(io: CliIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2) + '\n');
}

/** A plain aligned table; numbers right-aligned. */
export function printTable(io: CliIO, rows: Record<string, unknown>[], columns?: string[]): void {
  if (rows.length === 0) {
    io.stdout.write('(none)\n');
    return;
  }
  const cols = columns ?? Object.keys(rows[0]);
  const cell = (v: unknown): string =>
    v === null || v === undefined ? '' : typeof v === 'number' ? formatNumber(v) : String(v);
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[], numeric: boolean[]) =>
    vals
      .map((v, i) => (numeric[i] ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const numeric = cols.map((c) => rows.every((r) => typeof r[c] === 'number' || r[c] == null));
  io.stdout.write(line(cols, numeric) + '\n');
  io.stdout.write(widths.map((w) => '-'.repeat(w)).join('  ') + '\n');
  for (const r of rows)
    io.stdout.write(
      line(
        cols.map((c) => cell(r[c])),
        numeric,
      ) + '\n',
    );
}

function formatNumber(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(1) : v.toFixed(4);
}

/** A single-line progress bar on a TTY, periodic plain lines otherwise. */
export function createProgressBar(io: CliIO, label: string) {
  let lastPlain = 0;
  const start = Date.now();
  return {
    update(done: number, total: number, extra = '') {
      const frac = total > 0 ? Math.min(1, done / total) : 0;
      const elapsed = (Date.now() - start) / 1000;
      const eta = frac > 0 ? (elapsed / frac) * (1 - frac) : 0;
      const text = `${label} ${done}/${total} ${extra} ETA ${eta.toFixed(0)}s`;
      if (io.isTTY) {
        const width = 24;
        const filled = Math.round(frac * width);
        io.stdout.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K`);
      } else if (Date.now() - lastPlain > 2000 || done === total) {
        lastPlain = Date.now();
        io.stdout.write(text + '\n');
      }
    },
    done(message = '') {
      if (io.isTTY) io.stdout.write('\r\x1b[K');
      if (message) io.stdout.write(message + '\n');
    },
  };
}
