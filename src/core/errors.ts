// The one error type of the service. `code` is stable (logs, metrics, the JSON API);
// http/error-map.ts is the single place that turns it into a BBPS error code and an HTTP status.

export type ErrorCode =
  // a request we cannot accept at all (HTTP 400 / 413 with a Failure Ack)
  | 'REQUEST_INVALID'
  | 'HEAD_REQUIRED'
  | 'TXN_REQUIRED'
  | 'BILLER_REQUIRED'
  | 'INVALID_BILLER'
  | 'DOCTYPE_NOT_ALLOWED'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_MEDIA_TYPE'
  | 'SIGNATURE_MISMATCH'
  | 'DUPLICATE_REFID'
  // infrastructure
  | 'LEDGER_UNAVAILABLE'
  | 'CONFIG_INVALID'
  // DIGIT
  | 'DIGIT_REJECTED'
  | 'DIGIT_UNAVAILABLE'
  | 'DIGIT_UNKNOWN_OUTCOME'
  | 'DIGIT_AUTH_FAILED'
  | 'INTERNAL';

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
