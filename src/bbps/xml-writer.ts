// A minimal, deterministic XML writer for BBPS messages: attributes in the order given, compact output,
// every value escaped; characters that cannot round-trip (controls, non-characters, lone surrogates)
// are refused rather than dropped or replaced.
import { AppError } from '../core/errors';

export const BBPS_NAMESPACE = 'http://bbps.org/schema';
export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';

/** [name, value]; an undefined value omits the attribute. */
export type Attrs = ReadonlyArray<readonly [string, string | undefined]>;

const UNWRITABLE = /[\u0000-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// U+2028/U+2029 are written as references: raw, they are line ends to XML 1.1 parsers and refused by
// our own guard and signer (bbps/markup.ts); a reference means the character itself to every parser
const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\u2028': '&#x2028;', '\u2029': '&#x2029;',
};

export function escapeXml(value: string, where: string): string {
  if (UNWRITABLE.test(value)) {
    throw new AppError('INTERNAL', `${where} holds a control character and cannot be written to XML`);
  }
  return value.replace(/[&<>"'\u2028\u2029]/g, (c) => ESCAPES[c] as string);
}

function attrText(element: string, attrs: Attrs): string {
  let out = '';
  for (const [name, value] of attrs) {
    if (value !== undefined) out += ` ${name}="${escapeXml(value, `${element}/@${name}`)}"`;
  }
  return out;
}

/** An element with attributes and already-written children; self-closing when empty. */
export function element(name: string, attrs: Attrs, children: readonly string[] = []): string {
  const open = `<${name}${attrText(name, attrs)}`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join('')}</${name}>`;
}

/** An element holding only text. */
export const textElement = (name: string, text: string): string => `<${name}>${escapeXml(text, name)}</${name}>`;

/** A whole message: declaration, `ns2:`-prefixed root bound to the BBPS namespace, unprefixed children. */
export function bbpsDocument(root: string, attrs: Attrs, children: readonly string[]): string {
  return XML_DECLARATION + element(`ns2:${root}`, [['xmlns:ns2', BBPS_NAMESPACE], ...attrs], children);
}
