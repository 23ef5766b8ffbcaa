// One linear pass over the raw text, before any XML parser, for the characters on which XML parsers
// disagree (issue 13: the signature's xmldom and the codec's fast-xml-parser read one signed document
// differently), and an inventory of the start tags that lets the verifier see what a parser dropped.
//
// - U+0085, U+2028, U+2029 are line ends to XML 1.1 (and to xmldom's default), ordinary characters to
//   XML 1.0: refused anywhere in the document, values and text included.
// - Inside tags (outside quoted values), any character JavaScript's \s matches but XML's S production
//   (space, TAB, LF, CR) does not — U+00A0, U+1680, U+2000–U+200A, U+202F, U+205F, U+3000, U+FEFF, \v,
//   \f — is a name character to one parser and a separator to the other; U+0080 is a separator to
//   xmldom only. Refused. Derived from the engine's own \s, so the set cannot fall behind it.
// - With limits given (guard.ts), the structural limits of limits.ts are checked in the same pass and
//   the first one passed stops it.
import { tooDeep, tooManyAttributes, tooManyElements, tooManyReferences, valueTooLong, type XmlLimits } from './limits';

export const LINE_SEPARATOR = /[\u0085\u2028\u2029]/;
const NOT_XML_SPACE = /[^\S \t\n\r]|[\u0080\u0085]/;
// a stretch of tag markup up to the next quote or '>'
const TAG_RUN = /[^"'>]*/y;

export interface MarkupInventory {
  /** for every start (or empty-element) tag in document order: how many attributes it writes */
  readonly attributesPerStartTag: readonly number[];
}

export class MarkupProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarkupProblem';
  }
}

const codePoint = (c: string) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * Throws MarkupProblem naming the character and where it stands, or (with `limits`) the AppError of
 * the first structural limit passed; else the start-tag inventory. Comments, CDATA sections and
 * processing instructions are skipped whole (their content is not markup) but counted as nodes. Malformed markup (an
 * unterminated tag, …) is left to the parsers, which refuse it.
 */
export function scanMarkup(xml: string, limits?: XmlLimits): MarkupInventory {
  const separator = LINE_SEPARATOR.exec(xml);
  if (separator) {
    throw new MarkupProblem(`the character ${codePoint(separator[0])} at offset ${separator.index} is a line end to XML 1.1 but not to XML 1.0: refused`);
  }
  if (limits) countReferences(xml, limits);
  const maxValue = limits?.maxValueChars ?? Infinity;
  const counts: number[] = [];
  // comments, CDATA sections and PIs are nodes the parsers build too: they count with the elements
  let nodes = 0;
  let depth = 0;
  let i = 0;
  // the character data between two tags is one value to the parsers, however many CDATA sections and
  // comments split it: measured from the end of one tag to the start of the next
  let valueStart = 0;
  for (;;) {
    const lt = xml.indexOf('<', i);
    if ((lt < 0 ? xml.length : lt) - valueStart > maxValue && limits) throw valueTooLong(limits, 'the text (with any CDATA sections and comments in it)', valueStart);
    if (lt < 0) break;
    const skip = skipNonTag(xml, lt);
    if (skip !== undefined) {
      if (limits && ++nodes > limits.maxElements) throw tooManyElements(limits, lt);
      if (skip - valueStart > maxValue && limits) throw valueTooLong(limits, 'the text (with any CDATA sections and comments in it)', valueStart);
      i = skip;
      continue;
    }
    const isEnd = xml.charCodeAt(lt + 1) === 0x2f; // '/'
    let attrs = 0;
    let p = lt + 1;
    while (p < xml.length) {
      TAG_RUN.lastIndex = p;
      const run = (TAG_RUN.exec(xml) as RegExpExecArray)[0];
      const odd = NOT_XML_SPACE.exec(run);
      if (odd) throw new MarkupProblem(`the character ${codePoint(odd[0])} inside the tag at offset ${lt} is not XML whitespace nor a name character: refused`);
      if (run.length > maxValue && limits) throw valueTooLong(limits, 'a name', p);
      for (let k = run.indexOf('='); k !== -1; k = run.indexOf('=', k + 1)) attrs++;
      if (limits && attrs > limits.maxAttributes) throw tooManyAttributes(limits, lt);
      p += run.length;
      const c = xml[p];
      if (c === '>' || c === undefined) break;
      const close = xml.indexOf(c, p + 1); // a quoted value: its content is character data
      const end = close < 0 ? xml.length : close;
      if (end - p - 1 > maxValue && limits) throw valueTooLong(limits, 'an attribute value', p);
      p = end + 1;
    }
    if (isEnd) depth--;
    else {
      counts.push(attrs);
      if (xml.charCodeAt(p - 1) !== 0x2f) depth++; // not an empty-element tag: its content nests
      if (limits && depth > limits.maxDepth) throw tooDeep(limits, lt);
      if (limits && ++nodes > limits.maxElements) throw tooManyElements(limits, lt);
    }
    i = p + 1;
    valueStart = i;
  }
  return { attributesPerStartTag: counts };
}

/** Every '&' counts (a bare one is refused later anyway; in a comment or CDATA it is never needed). */
function countReferences(xml: string, limits: XmlLimits): void {
  let n = 0;
  for (let k = xml.indexOf('&'); k !== -1; k = xml.indexOf('&', k + 1)) {
    if (++n > limits.maxReferences) throw tooManyReferences(limits, k);
  }
}

const NOT_TAGS: ReadonlyArray<readonly [string, string]> = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>']];

/** The offset after a comment, CDATA section or processing instruction starting at `lt`; else undefined. */
function skipNonTag(xml: string, lt: number): number | undefined {
  for (const [open, close] of NOT_TAGS) {
    if (xml.startsWith(open, lt)) {
      const end = xml.indexOf(close, lt + open.length);
      return end < 0 ? xml.length : end + close.length;
    }
  }
  return undefined;
}
