// Field rules shared by every message: opaque ids and paise amounts (design §3.3, §7).
import { AppError, type ErrorCode } from '../core/errors';
import { parsePaise } from '../core/money';
import { attrOf, type XmlElement } from './xml-tree';

/**
 * Ids are opaque (mixed case occurs) but end up in URLs (`urn:referenceId:{refId}`), keys and logs:
 * 1–64 characters a URL path segment carries unescaped (RFC 3986 pchar without '%').
 */
const ID = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]{1,64}$/;
const PAISE = /^[0-9]{1,18}$/;

/** A required id: absent or empty → `missing` code; malformed → REQUEST_INVALID naming the field. */
export function requiredId(el: XmlElement | undefined, attr: string, path: string, missing: ErrorCode): string {
  const value = attrOf(el, attr);
  if (value === undefined || value === '') throw new AppError(missing, `${path} is required`);
  return checkId(value, path);
}

/** An optional id: absent or empty → undefined. */
export function optionalId(el: XmlElement | undefined, attr: string, path: string): string | undefined {
  const value = attrOf(el, attr);
  return value === undefined || value === '' ? undefined : checkId(value, path);
}

function checkId(value: string, path: string): string {
  if (!ID.test(value)) {
    throw new AppError('REQUEST_INVALID', `${path} must be 1-64 characters without spaces or URL-reserved characters`);
  }
  return value;
}

/**
 * A BBPS amount: exactly 1–18 ASCII digits of paise, nothing else (no sign, spaces, decimal point,
 * exponent, separators or other scripts' digits). A well-formed amount beyond 2^53 comes back as NaN
 * (core/money.ts): syntactically fine, never payable, refused by the core's amount rules.
 */
export function paiseField(text: string | undefined, path: string): number {
  if (text === undefined) throw new AppError('REQUEST_INVALID', `${path} is required`);
  if (!PAISE.test(text)) throw new AppError('REQUEST_INVALID', `${path} must be 1-18 ASCII digits of paise`);
  return parsePaise(text) as number;
}
