// Structural limits of a BBPS body (design §7), checked by the markup pre-scan (markup.ts) before any
// XML parser or the signature's DOM sees the body: a hostile body then costs one linear pass, cut short
// at the first limit it passes, whatever BBPS_MAX_BODY_BYTES is raised to.
import { AppError, type ErrorCode } from '../core/errors';

export interface XmlLimits {
  /** BBPS_MAX_XML_DEPTH: elements nested deeper than this are refused (XML_TOO_DEEP) */
  readonly maxDepth: number;
  /** BBPS_MAX_ATTRIBUTES: attributes one start tag may write (TOO_MANY_ATTRIBUTES) */
  readonly maxAttributes: number;
  /**
   * BBPS_MAX_ELEMENTS: elements in the whole document, comments, CDATA sections and processing
   * instructions counted with them: each is a node both parsers build (TOO_MANY_ELEMENTS)
   */
  readonly maxElements: number;
  /**
   * BBPS_MAX_VALUE_CHARS: characters of one attribute value, one element's text between two tags
   * (CDATA sections and comments in it included) or one name, as written: a character reference counts for every character it takes
   * (VALUE_TOO_LONG), so a reference flood cannot pass where the plain text would not
   */
  readonly maxValueChars: number;
  /**
   * BBPS_MAX_REFERENCES: entity and character references (`&amp;`, `&#65;`) in the whole document; each
   * is decoded one by one after the parser, the costliest step per byte (TOO_MANY_REFERENCES)
   */
  readonly maxReferences: number;
}

/** BBPS requests nest 5 levels and carry a few dozen elements; a signature certificate is ~2 KB */
export const DEFAULT_XML_LIMITS: XmlLimits = Object.freeze({ maxDepth: 32, maxAttributes: 32, maxElements: 1024, maxValueChars: 16384, maxReferences: 4096 });

const refusal = (code: ErrorCode, message: string, limit: number) => new AppError(code, message, { limit });

export const tooDeep = (l: XmlLimits, offset: number) =>
  refusal('XML_TOO_DEEP', `the element at offset ${offset} nests deeper than ${l.maxDepth} levels (BBPS_MAX_XML_DEPTH)`, l.maxDepth);
export const tooManyAttributes = (l: XmlLimits, offset: number) =>
  refusal('TOO_MANY_ATTRIBUTES', `the start tag at offset ${offset} has more than ${l.maxAttributes} attributes (BBPS_MAX_ATTRIBUTES)`, l.maxAttributes);
export const tooManyElements = (l: XmlLimits, offset: number) =>
  refusal('TOO_MANY_ELEMENTS', `the document has more than ${l.maxElements} elements, comments, CDATA sections and processing instructions (BBPS_MAX_ELEMENTS; offset ${offset})`, l.maxElements);
export const tooManyReferences = (l: XmlLimits, offset: number) =>
  refusal('TOO_MANY_REFERENCES', `the document has more than ${l.maxReferences} entity or character references (BBPS_MAX_REFERENCES; offset ${offset})`, l.maxReferences);
export const valueTooLong = (l: XmlLimits, what: string, offset: number) =>
  refusal('VALUE_TOO_LONG', `${what} at offset ${offset} is longer than ${l.maxValueChars} characters (BBPS_MAX_VALUE_CHARS)`, l.maxValueChars);
