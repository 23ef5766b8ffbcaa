// Strict xmldom parsing and the few DOM walks the signature checks need. Every parser complaint
// (warnings included) refuses the document: nothing is verified that a parser had to repair or guess.
import { DOMParser, type Document, type Element, type Node } from '@xmldom/xmldom';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/**
 * XML 1.0 §2.11: CRLF and a lone CR become LF, nothing else. xmldom's default is XML 1.1's rule, which
 * also turns U+0085, U+2028 and U+2029 into LF — so a signed space could be sent as U+2028 and still
 * verify while another parser reads U+2028 (issue 13). Those characters are refused before parsing
 * anyway (markup.ts); this keeps the DOM an XML 1.0 DOM whatever reaches it.
 */
export const xml10LineEnds = (input: string): string => input.replace(/\r\n?/g, '\n');

/** Parses or throws an Error naming the first thing xmldom complained about (warnings included). */
export function parseStrict(xml: string): Document {
  let complaint: string | undefined;
  const parser = new DOMParser({
    normalizeLineEndings: xml10LineEnds,
    onError: (level, message) => {
      complaint ??= `${level}: ${String(message).split('\n')[0]?.slice(0, 160)}`;
      throw new Error(complaint);
    },
  });
  let doc: Document;
  try {
    doc = parser.parseFromString(xml, 'text/xml');
  } catch (e) {
    throw new Error(complaint ?? (e as Error).message.slice(0, 200));
  }
  if (!doc.documentElement) throw new Error('no root element');
  return doc;
}

export const isElement = (n: Node): n is Element => n.nodeType === ELEMENT_NODE;

export function childElements(parent: Node): Element[] {
  const out: Element[] = [];
  for (let c = parent.firstChild; c; c = c.nextSibling) if (isElement(c)) out.push(c);
  return out;
}

/** True when `parent` holds text other than whitespace directly (not in its child elements). */
export function hasOwnText(parent: Node): boolean {
  for (let c = parent.firstChild; c; c = c.nextSibling) {
    if ((c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) && (c.nodeValue ?? '').trim() !== '') {
      return true;
    }
  }
  return false;
}

/** Every node under `root` (not `root` itself) in document order with its depth (children of `root`
 *  are at 1), without recursion: a deeply nested document cannot exhaust the stack here. */
export function* descendantsWithDepth(root: Node): Generator<[Node, number]> {
  const stack: Array<[Node, number]> = [];
  for (let c = root.lastChild; c; c = c.previousSibling) stack.push([c, 1]);
  while (stack.length > 0) {
    const [n, depth] = stack.pop() as [Node, number];
    yield [n, depth];
    for (let c = n.lastChild; c; c = c.previousSibling) stack.push([c, depth + 1]);
  }
}

export function* descendants(root: Node): Generator<Node> {
  for (const [n] of descendantsWithDepth(root)) yield n;
}
