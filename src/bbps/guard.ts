// Checks a raw BBPS body BEFORE any XML parser sees it (design §7): size, encoding, DTDs and
// processing instructions. Nothing is repaired or guessed: anything doubtful is refused.
import { AppError } from '../core/errors';
import { DEFAULT_XML_LIMITS, type XmlLimits } from './limits';
import { MarkupProblem, scanMarkup } from './markup';

/** design §3.2 BBPS_MAX_BODY_BYTES default */
export const DEFAULT_MAX_BODY_BYTES = 262144;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

// XML 1.0 declaration: version 1.0 only, optional encoding and standalone, in this order
// (XML's own whitespace only: JS \s would also let Unicode spaces through)
const XML_DECL =
  /^<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.0\1(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])([A-Za-z][A-Za-z0-9._-]*)\2)?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(?:yes|no)\4)?[ \t\r\n]*\?>/;

// characters XML 1.0 forbids outright (C0 controls other than TAB, LF, CR; U+FFFE, U+FFFF)
const FORBIDDEN_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
// a JS string can hold unpaired surrogates, which no UTF-8 byte sequence decodes to
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// markup declarations other than comments and CDATA sections
const OTHER_DECLARATION = /<!(?!--|\[CDATA\[)/;
// DTD markup of any kind: a document without a DOCTYPE has no use for these
const DTD_MARKUP = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;

const invalid = (message: string) => new AppError('REQUEST_INVALID', message);

function decode(body: Buffer | string, maxBytes: number): string {
  if (typeof body === 'string') {
    if (Buffer.byteLength(body, 'utf8') > maxBytes) throw tooLarge(maxBytes);
    if (LONE_SURROGATE.test(body)) throw invalid('the body is not valid UTF-8');
    return body.startsWith('\uFEFF') ? body.slice(1) : body;
  }
  if (body.length > maxBytes) throw tooLarge(maxBytes);
  // byte order marks of UTF-16/32: another encoding, refused rather than converted
  if (startsWith(body, [0xfe, 0xff]) || startsWith(body, [0xff, 0xfe]) || startsWith(body, [0, 0, 0xfe, 0xff])) {
    throw invalid('only UTF-8 is accepted (a UTF-16/32 byte order mark was found)');
  }
  const bytes = startsWith(body, [0xef, 0xbb, 0xbf]) ? body.subarray(3) : body;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw invalid('the body is not valid UTF-8');
  }
}

const startsWith = (b: Buffer, prefix: number[]) => prefix.every((v, i) => b[i] === v);

const tooLarge = (maxBytes: number) =>
  new AppError('PAYLOAD_TOO_LARGE', `the body is larger than ${maxBytes} bytes`, { maxBytes });

/**
 * Returns the body as a string (UTF-8 BOM removed) when it may be handed to the XML parser, else throws
 * AppError PAYLOAD_TOO_LARGE, DOCTYPE_NOT_ALLOWED, REQUEST_INVALID or a structural limit's code
 * (limits.ts). Scans the raw text: a DOCTYPE or processing instruction is refused even inside a comment
 * or CDATA section (never legitimate in BBPS).
 */
export function guardXml(body: Buffer | string, maxBytes: number = DEFAULT_MAX_BODY_BYTES, limits: XmlLimits = DEFAULT_XML_LIMITS): string {
  const text = decode(body, maxBytes);
  if (text.trim() === '') throw invalid('the body is empty');
  if (DTD_MARKUP.test(text)) {
    throw new AppError('DOCTYPE_NOT_ALLOWED', 'DOCTYPE and ENTITY declarations are not allowed');
  }
  if (OTHER_DECLARATION.test(text)) throw invalid('only comments and CDATA sections may start with <!');
  // one byte order mark is removed; a second is U+FEFF before the root, which XML does not allow but
  // fast-xml-parser skips at offset 0: the codec would read what a conformant parser refuses
  if (text.startsWith('\uFEFF')) throw invalid('the body starts with a second byte order mark');
  if (FORBIDDEN_CHARS.test(text)) throw invalid('the body contains characters XML does not allow');
  try {
    scanMarkup(text, limits); // characters XML parsers read differently, and the structural limits (markup.ts)
  } catch (e) {
    if (e instanceof MarkupProblem) throw invalid(e.message);
    throw e;
  }

  let rest = 0;
  if (text.startsWith('<?')) {
    const decl = XML_DECL.exec(text);
    if (!decl) throw invalid('the document starts with a processing instruction or a malformed XML declaration');
    const encoding = decl[3];
    if (encoding !== undefined && encoding.toUpperCase() !== 'UTF-8') {
      throw invalid(`only UTF-8 is accepted (the document declares ${encoding.slice(0, 20)})`);
    }
    rest = decl[0].length;
  }
  if (text.indexOf('<?', rest) !== -1) throw invalid('processing instructions are not allowed');
  const first = text.slice(rest).trimStart();
  if (!first.startsWith('<')) throw invalid('the body is not XML');
  return text;
}
