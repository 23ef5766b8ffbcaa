// The one mapping from the service's error codes to HTTP statuses and problem titles: the BBPS routes
// take the status (their Ack error code and text come from the codec's ackErrorFor, src/bbps/codes.ts,
// so DIGIT's or the ledger's words never leak); the JSON API answers problem+json with the same code.
import { AppError, type ErrorCode } from '../core/errors';

interface Mapping {
  status: number;
  title: string;
}

const MAP: Readonly<Record<ErrorCode, Mapping>> = {
  REQUEST_INVALID: { status: 400, title: 'The request is invalid' },
  HEAD_REQUIRED: { status: 400, title: 'Head is required' },
  TXN_REQUIRED: { status: 400, title: 'Txn is required' },
  BILLER_REQUIRED: { status: 400, title: 'A biller is required' },
  INVALID_BILLER: { status: 400, title: 'Biller not served here' },
  DOCTYPE_NOT_ALLOWED: { status: 400, title: 'DOCTYPE not allowed' },
  DUPLICATE_REFID: { status: 400, title: 'refId reused with different content' },
  SIGNATURE_MISMATCH: { status: 400, title: 'Signature mismatch' },
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Request body too large' },
  XML_TOO_DEEP: { status: 400, title: 'XML nested too deep' },
  TOO_MANY_ATTRIBUTES: { status: 400, title: 'Too many attributes on one element' },
  TOO_MANY_ELEMENTS: { status: 400, title: 'Too many elements' },
  VALUE_TOO_LONG: { status: 400, title: 'A value is too long' },
  TOO_MANY_REFERENCES: { status: 400, title: 'Too many entity or character references' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, title: 'Unsupported media type' },
  LEDGER_UNAVAILABLE: { status: 503, title: 'Service unavailable, retry later' },
  CONFIG_INVALID: { status: 500, title: 'Configuration invalid' },
  DIGIT_REJECTED: { status: 500, title: 'The biller refused the request' },
  DIGIT_UNAVAILABLE: { status: 503, title: 'The biller system is unavailable, retry later' },
  DIGIT_UNKNOWN_OUTCOME: { status: 503, title: 'The biller system did not answer, retry later' },
  DIGIT_AUTH_FAILED: { status: 503, title: 'The biller system is unavailable, retry later' },
  UNKNOWN_CONSUMER: { status: 404, title: 'Unknown consumer' },
  INVALID_CUSTOMER_PARAMS: { status: 422, title: 'Invalid combination of customer parameters' },
  NO_BILL_DUE: { status: 422, title: 'No bill due' },
  BILLER_UNAVAILABLE: { status: 503, title: 'The biller system is unavailable, retry later' },
  AMOUNT_NOT_ACCEPTED: { status: 422, title: 'Amount not accepted' },
  BILL_NOT_PAYABLE: { status: 409, title: 'Bill no longer payable, fetch again' },
  PAYMENT_CONTENT_MISMATCH: { status: 422, title: 'This transaction id was used for a different payment' },
  PAYMENT_REFUSED: { status: 422, title: 'Payment cannot be accepted at this time' },
  UNAUTHORIZED: { status: 401, title: 'Missing or unknown API key' },
  BILLER_NOT_ALLOWED: { status: 403, title: 'Biller not allowed for this client' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  NOT_FOUND: { status: 404, title: 'No such route' },
  PAYMENT_NOT_FOUND: { status: 404, title: 'No such payment' },
  PAYMENT_PENDING: { status: 409, title: 'Payment outcome not known yet' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, title: 'Idempotency-Key header required' },
  IDEMPOTENCY_KEY_REUSED: { status: 422, title: 'Idempotency-Key reused with a different body' },
  IDEMPOTENCY_KEY_IN_FLIGHT: { status: 409, title: 'A request with this Idempotency-Key is in progress' },
  CLIENT_REFERENCE_REUSED: { status: 422, title: 'clientReference already names another payment' },
  TXN_REFERENCE_TAKEN: { status: 409, title: 'This BBPS transaction id belongs to another payment' },
  OPERATOR_UNAUTHORIZED: { status: 401, title: 'Missing or unknown operator key' },
  OPERATOR_FORBIDDEN: { status: 403, title: 'This action needs the operator role' },
  OUTBOX_ITEM_NOT_FOUND: { status: 404, title: 'No such outbox item' },
  OUTBOX_ITEM_NOT_PARKED: { status: 409, title: 'Only a parked callback can be resent' },
  CSRF_REFUSED: { status: 403, title: 'Refused: not sent from this console' },
  INTERNAL: { status: 500, title: 'Internal error' },
};

export const httpStatusFor = (e: AppError): number => MAP[e.code].status;
export const statusOfCode = (code: ErrorCode): number => MAP[code].status;
export const titleOfCode = (code: ErrorCode): string => MAP[code].title;

/** Anything thrown, as an AppError (unexpected errors become INTERNAL, their text kept for logs only). */
export function asAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { type?: string; status?: number; message?: string; limit?: number };
  // body-parser's own errors
  if (err?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', `the request body is larger than ${err.limit ?? 'allowed'} bytes`);
  if (err?.type === 'entity.parse.failed') return new AppError('REQUEST_INVALID', 'the request body is not valid JSON');
  if (err?.type === 'request.aborted' || err?.type === 'request.size.invalid') return new AppError('REQUEST_INVALID', 'the request body was incomplete');
  if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') return new AppError('REQUEST_INVALID', 'only UTF-8 bodies are accepted');
  return new AppError('INTERNAL', String(err?.message ?? e));
}
