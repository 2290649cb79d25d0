import { z } from 'zod';
import { AppError, isAppError, type ErrorCode } from '@/lib/errors/app-error';

/** Why a file was refused by the importer: a closed set so summaries can be counted and tested. */
export const rejectReasonSchema = z.enum([
  'truncated',
  'not-an-image',
  'no-pixel-data',
  'unsupported-syntax',
  'too-many-pixels',
  'unsafe-path',
  'decode-failed',
  'read-failed',
  'unknown-label',
]);
export type RejectReason = z.infer<typeof rejectReasonSchema>;

const codeByReason: Record<RejectReason, ErrorCode> = {
  truncated: 'BAD_REQUEST',
  'not-an-image': 'UNSUPPORTED',
  'no-pixel-data': 'UNSUPPORTED',
  'unsupported-syntax': 'UNSUPPORTED',
  'too-many-pixels': 'PAYLOAD_TOO_LARGE',
  'unsafe-path': 'BAD_REQUEST',
  'decode-failed': 'BAD_REQUEST',
  'read-failed': 'BAD_REQUEST',
  'unknown-label': 'BAD_REQUEST',
};

/** An AppError that carries its import reject reason in details. */
export function importRejection(reason: RejectReason, message: string): AppError {
  return new AppError({ code: codeByReason[reason], message, details: { reason } });
}

/** The reject reason of an error thrown while importing one file (unknown errors are decode failures). */
export function rejectReasonOf(e: unknown): RejectReason {
  if (isAppError(e)) {
    const parsed = rejectReasonSchema.safeParse((e.details as { reason?: unknown } | undefined)?.reason);
    if (parsed.success) return parsed.data;
  }
  return 'decode-failed';
}
