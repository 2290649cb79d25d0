/**
 * One error type, one status table (docs/ARCHITECTURE.md, "Handlers and errors"). Handlers throw AppError;
 * the HTTP wrapper, the socket wrapper and the CLI format it in one place each.
 */
export const errorCodes = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  STALE: 409,
  TOO_MANY_REQUESTS: 429,
  UNSUPPORTED: 415,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL: 500,
  /** A server NeuroLoop called (a PACS) failed, refused or did not answer. */
  UPSTREAM: 502,
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;

  constructor(args: { code: ErrorCode; message: string; details?: unknown }) {
    super(args.message);
    this.name = 'AppError';
    this.code = args.code;
    this.details = args.details;
  }

  get status(): number {
    return errorCodes[this.code];
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The wire form of an error: the same for HTTP bodies, socket acks and CLI --json. */
export type ErrorBody = { ok: false; error: { code: ErrorCode; message: string; details?: unknown } };

export function toErrorBody(e: unknown): ErrorBody {
  if (isAppError(e)) {
    return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
  }
  return { ok: false, error: { code: 'INTERNAL', message: 'Internal error' } };
}
