// DIGIT's error envelopes: services answer 400 via the tracer library (one entry per distinct code),
// the gateway answers 401/403/404/5xx in the same envelope.
import type { DigitErrorEntry } from './types';

export class DigitHttpError extends Error {
  constructor(
    readonly status: number,
    readonly errors: DigitErrorEntry[],
  ) {
    super(errors.map((e) => e.code).join(','));
    this.name = 'DigitHttpError';
  }
}

export const entry = (code: string, message: string, description: string | null = null): DigitErrorEntry => ({
  code,
  message,
  description,
  params: null,
});

/** CustomException(code, msg) → HTTP 400 with one entry. */
export const customError = (code: string, message: string): DigitHttpError => new DigitHttpError(400, [entry(code, message)]);

/**
 * CustomException(Map): DIGIT keys the map by code, so a later message for the same code replaces
 * the earlier one. A JS Map keeps the first insertion position and the last value, which is the same.
 */
export class ErrorMap {
  private readonly map = new Map<string, string>();
  put(code: string, message: string): void {
    this.map.set(code, message);
  }
  get size(): number {
    return this.map.size;
  }
  has(code: string): boolean {
    return this.map.has(code);
  }
  throwIfAny(): void {
    if (this.map.size === 0) return;
    throw new DigitHttpError(400, [...this.map].map(([code, message]) => entry(code, message)));
  }
}

/** Bean-validation failure: code = Spring's first message code, e.g. Pattern.paymentRequest.payment.paidBy. */
export const beanError = (constraint: string, path: string, message: string): DigitErrorEntry =>
  entry(`${constraint}.${path}`, message);

/** Any unexpected exception through the tracer: the class name as code. */
export const unhandledError = (exceptionName: string, description: string | null): DigitHttpError =>
  new DigitHttpError(400, [entry(exceptionName, 'An unhandled exception occurred on the server', description)]);

export const envelope = (errors: DigitErrorEntry[]) => ({ ResponseInfo: null, Errors: errors });

// ---- gateway answers (zuul ExceptionUtils) ----
export const noTokenError = () =>
  new DigitHttpError(401, [
    entry('CustomException', 'You are not authorized to access this resource', 'You are not authorized to access this resource'),
  ]);

export const invalidTokenError = () =>
  new DigitHttpError(401, [
    entry('InvalidAccessTokenException', 'An unhandled exception occurred on the server', 'Invalid Access Token Exception'),
  ]);

export const rbacError = () =>
  new DigitHttpError(403, [
    entry('CustomException', 'Not authorized to access this resource', 'Not authorized to access this resource'),
  ]);

export const notFoundError = (path: string) =>
  new DigitHttpError(404, [entry('ResourceNotFoundException', `Resource not found: ${path}`, null)]);
