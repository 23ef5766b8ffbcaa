// Entity handling of our own: the parser runs with processEntities off (no DTD entity can ever expand),
// so the five predefined entities and character references are decoded here, strictly.
import { AppError } from '../core/errors';

const PREDEFINED: ReadonlyMap<string, string> = new Map([
  ['amp', '&'],
  ['lt', '<'],
  ['gt', '>'],
  ['quot', '"'],
  ['apos', "'"],
]);

const REFERENCE = /&([^;&]{0,12});/g;
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;

/** XML 1.0 Char production */
const isXmlChar = (cp: number) =>
  cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff);

function reference(body: string, where: string): string {
  const named = PREDEFINED.get(body);
  if (named !== undefined) return named;
  const m = /^#(?:([0-9]{1,7})|x([0-9A-Fa-f]{1,6}))$/.exec(body);
  const cp = m ? (m[1] !== undefined ? Number(m[1]) : parseInt(m[2] as string, 16)) : -1;
  if (!isXmlChar(cp)) throw new AppError('REQUEST_INVALID', `${where} uses an undefined or invalid entity reference`);
  return String.fromCodePoint(cp);
}

function decode(raw: string, where: string): string {
  const out = raw.replace(REFERENCE, (_all, body: string) => reference(body, where));
  // any '&' left over was not part of a well-formed reference (the replacement never yields one
  // that is re-read: String.replace scans the input, not its own output)
  const leftover = raw.replace(REFERENCE, '');
  if (leftover.includes('&')) throw new AppError('REQUEST_INVALID', `${where} contains a bare '&'`);
  return out;
}

/**
 * An attribute value as XML defines it: references decoded, literal TAB/LF/CR normalised to spaces,
 * nothing trimmed. Control characters (only reachable through character references) are refused so
 * that every parsed value can be echoed back safely.
 */
export function decodeAttribute(raw: string, where: string): string {
  if (raw.includes('<')) throw new AppError('REQUEST_INVALID', `${where} contains '<'`);
  const value = decode(raw.replace(/[\t\n\r]/g, ' '), where);
  if (CONTROL.test(value)) throw new AppError('REQUEST_INVALID', `${where} contains a control character`);
  return value;
}

/** Element text: references decoded, whitespace kept; control characters other than TAB/LF/CR refused. */
export function decodeText(raw: string, where: string): string {
  const value = decode(raw, where);
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/.test(value)) {
    throw new AppError('REQUEST_INVALID', `${where} contains a control character`);
  }
  return value;
}
