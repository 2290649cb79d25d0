import pino, { type Logger } from 'pino';
import { formatLogLine } from './log-format';

export type LogFormat = 'pretty' | 'json';

/**
 * Structured logs: one root logger; children carry a job or request id. JSON lines unless
 * `format` is 'pretty' (default: pretty when stdout is a terminal), which reads as text.
 */
export function createLogger(level: string = 'info', name = 'neuroloop', format?: LogFormat): Logger {
  const options = {
    name,
    level,
    // Patient identifiers must never reach logs, whatever a caller passes.
    redact: {
      paths: [
        '*.PatientName',
        '*.PatientID',
        '*.PatientBirthDate',
        '*.password',
        '*.passwordHash',
        // PACS credentials
        '*.token',
        '*.authorization',
        '*.secretCiphertext',
        '*.auth.password',
        '*.auth.token',
      ],
      censor: '[redacted]',
    },
  };
  const pretty = (format ?? (process.stdout.isTTY ? 'pretty' : 'json')) === 'pretty';
  if (!pretty) return pino(options);
  const color = Boolean(process.stdout.isTTY);
  return pino(options, { write: (line: string) => process.stdout.write(formatLogLine(line, { color })) });
}

export type { Logger };
