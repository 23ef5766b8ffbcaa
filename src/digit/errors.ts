// Maps every way a DIGIT call can end badly to a DigitCallError kind (ports.ts): REJECTED (DIGIT
// refused, nothing done), UNAVAILABLE (never reached DIGIT's services), UNKNOWN (may have been done).
import { DigitCallError, type DigitFailureKind } from '../core/ports';
import type { DigitLogger } from './config';
import type { TransportError } from './transport-error';

// Failures that say DIGIT itself is unwell (network, timeout, 5xx): the circuit breaker counts
// these and nothing else — a refusal or an auth problem is an answer from a healthy DIGIT.
const outages = new WeakSet<DigitCallError>();

export function outage(kind: DigitFailureKind, message: string, codes: string[] = [], status?: number): DigitCallError {
  const e = new DigitCallError(kind, message, codes, status);
  outages.add(e);
  return e;
}

export const isOutage = (e: unknown): boolean => e instanceof DigitCallError && outages.has(e);

export function fromTransport(e: TransportError, what: string): DigitCallError {
  return e.maybeSent
    ? outage('UNKNOWN', `${what}: ${e.code} after the request may have been sent (${e.message})`)
    : outage('UNAVAILABLE', `${what}: ${e.code}, request not sent (${e.message})`);
}

interface EnvelopeError {
  code: string;
  message: string;
}

// DIGIT's error texts are another system's words: they go to our logs only, and only bounded (a few
// errors, short texts), on one line (no line breaks or control characters to forge log lines with),
// and codes in the characters DIGIT's own codes use. Mobile numbers in them are masked by the logger.
const MAX_ERRORS = 20;
const MAX_CODE = 64;
const MAX_MESSAGE = 200;
const UNPRINTABLE = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]+/g;

/** One line of at most `max` characters: control characters and line ends become a space. */
function boundedText(text: string, max: number): string {
  const line = text.replace(UNPRINTABLE, ' ');
  return line.length <= max ? line : `${line.slice(0, max)}…`;
}

const safeCode = (code: string) => code.replace(/[^A-Za-z0-9_.:-]/g, '_').slice(0, MAX_CODE);

/** DIGIT's `{"ResponseInfo":null,"Errors":[{code,message,...}]}`, bounded; [] when the body is not one. */
export function envelopeErrors(text: string): EnvelopeError[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return [];
  }
  const list = (body as { Errors?: unknown } | null)?.Errors;
  if (!Array.isArray(list)) return [];
  return list
    .filter((x): x is { code: string; message?: unknown } => typeof x?.code === 'string' && x.code !== '')
    .slice(0, MAX_ERRORS)
    .map((x) => ({ code: safeCode(x.code), message: typeof x.message === 'string' ? boundedText(x.message, MAX_MESSAGE) : '' }));
}

/**
 * A non-2xx answer (401 handled before this by one re-login). DIGIT's messages are logged here and
 * go no further: they never reach BBPS.
 */
export function fromStatus(status: number, text: string, what: string, log: DigitLogger): DigitCallError {
  const errors = envelopeErrors(text);
  const codes = errors.map((e) => e.code);
  const meta = { call: what, status, errors };
  if (status >= 500) {
    log.error('DIGIT server error', meta);
    return outage('UNKNOWN', `${what}: HTTP ${status}`, codes, status);
  }
  if (status === 401 || status === 403) {
    log.error('DIGIT refused our credentials or role', meta);
    return new DigitCallError('UNAVAILABLE', `${what}: HTTP ${status} from the gateway`, codes, status);
  }
  if (status === 429) {
    // the gateway's rate limit: refused before any service saw it, so retrying later is safe
    log.warn('DIGIT rate limit', meta);
    return new DigitCallError('UNAVAILABLE', `${what}: HTTP 429 rate limited`, codes, status);
  }
  log.warn('DIGIT rejected the call', meta);
  if (status === 400 && codes.length) return new DigitCallError('REJECTED', `${what}: ${codes.join(',')}`, codes, status);
  return new DigitCallError('REJECTED', `${what}: HTTP ${status}`, codes.length ? codes : [`HTTP_${status}`], status);
}
