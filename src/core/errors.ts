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
  // structural limits of a BBPS body (bbps/limits.ts)
  | 'XML_TOO_DEEP'
  | 'TOO_MANY_ATTRIBUTES'
  | 'TOO_MANY_ELEMENTS'
  | 'VALUE_TOO_LONG'
  | 'TOO_MANY_REFERENCES'
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
  // business outcomes: BBPS compliance codes on the BBPS routes, problem codes on the JSON API
  // (core/outcome-codes.ts is the table between the two)
  | 'UNKNOWN_CONSUMER'
  | 'INVALID_CUSTOMER_PARAMS'
  | 'NO_BILL_DUE'
  | 'BILLER_UNAVAILABLE'
  | 'AMOUNT_NOT_ACCEPTED'
  | 'BILL_NOT_PAYABLE'
  | 'PAYMENT_CONTENT_MISMATCH'
  | 'PAYMENT_REFUSED'
  // the JSON API's own refusals (design §3.4)
  | 'UNAUTHORIZED'
  | 'BILLER_NOT_ALLOWED'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'PAYMENT_NOT_FOUND'
  | 'PAYMENT_PENDING'
  | 'IDEMPOTENCY_KEY_REQUIRED'
  | 'IDEMPOTENCY_KEY_REUSED'
  | 'IDEMPOTENCY_KEY_IN_FLIGHT'
  | 'CLIENT_REFERENCE_REUSED'
  | 'TXN_REFERENCE_TAKEN'
  // operators' routes (/ops, design §3.9)
  | 'OPERATOR_UNAUTHORIZED'
  | 'OPERATOR_FORBIDDEN'
  | 'OUTBOX_ITEM_NOT_FOUND'
  | 'OUTBOX_ITEM_NOT_PARKED'
  // the console's refusals: a state change without its session's token, or from another origin
  | 'CSRF_REFUSED'
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
