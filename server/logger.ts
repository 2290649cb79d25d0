import pino, { type Logger } from 'pino';

/** Structured logs (GUIDE habits): one root logger; children carry a job or request id. */
export function createLogger(level: string = 'info', name = 'neuroloop'): Logger {
  return pino({
    name,
    level,
    // Patient identifiers must never reach logs, whatever a caller passes.
    redact: {
      paths: ['*.PatientName', '*.PatientID', '*.PatientBirthDate', '*.password', '*.passwordHash'],
      censor: '[redacted]',
    },
  });
}

export type { Logger };
