// The one mapping from the service's error codes to HTTP statuses; the Ack error code and text come
// from the codec's ackErrorFor (src/bbps/codes.ts), so DIGIT's or the ledger's words never leak.
import { AppError, type ErrorCode } from '../core/errors';

const STATUS: Partial<Record<ErrorCode, number>> = {
  REQUEST_INVALID: 400,
  HEAD_REQUIRED: 400,
  TXN_REQUIRED: 400,
  BILLER_REQUIRED: 400,
  INVALID_BILLER: 400,
  DOCTYPE_NOT_ALLOWED: 400,
  DUPLICATE_REFID: 400,
  SIGNATURE_MISMATCH: 400,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  LEDGER_UNAVAILABLE: 503,
  DIGIT_UNAVAILABLE: 503,
  DIGIT_UNKNOWN_OUTCOME: 503,
  DIGIT_AUTH_FAILED: 503,
};

export const httpStatusFor = (e: AppError): number => STATUS[e.code] ?? 500;

/** Anything thrown, as an AppError (unexpected errors become INTERNAL, their text kept for logs only). */
export function asAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { type?: string; status?: number; message?: string };
  // body-parser's own errors
  if (err?.type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'the request body is larger than BBPS_MAX_BODY_BYTES');
  if (err?.type === 'request.aborted' || err?.type === 'request.size.invalid') return new AppError('REQUEST_INVALID', 'the request body was incomplete');
  if (err?.type === 'encoding.unsupported' || err?.type === 'charset.unsupported') return new AppError('REQUEST_INVALID', 'only UTF-8 bodies are accepted');
  return new AppError('INTERNAL', String(err?.message ?? e));
}
