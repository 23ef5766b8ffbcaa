// A signed message, read from the DOM its signature was verified on (issue 13; design §7: act only on
// the verified bytes, as the verifier understood them).
//
// Why this is sound: the digest is taken over the canonical form of the verifier's DOM (minus the
// enveloped Signature), and inclusive C14N writes every element name, every attribute name and value
// and all text of that DOM unambiguously. A digest that matches therefore means the signer's parser
// built this very tree; reading the business fields from it cannot read anything the signer did not sign.
//
// Why the codec's parse must agree as well: the same bytes are parsed again later by fast-xml-parser
// (the work items of the async routes keep the verified text, and the jobs decode it there). So the
// codec's tree of the bytes is computed here too and must equal the DOM's tree exactly — names, every
// unprefixed attribute, text — or the message is refused (G27). What the app reads, now or later, is
// then the verified DOM's reading, whichever parser produced it.
import type { Element, Node } from '@xmldom/xmldom';
import { AppError } from '../core/errors';
import { parseBbps, type ParseOptions, type ParsedDocument } from './parse';
import type { VerifyOk } from './signature';
import type { XmlElement } from './xml-tree';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** The codec's view of a DOM element: local names, unprefixed attributes (as parse.ts keeps them), text. */
export function treeOfDom(el: Element): XmlElement {
  const attrs = new Map<string, string>();
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (!a || a.name.includes(':') || a.name === 'xmlns') continue; // other namespaces: not read
    attrs.set(a.name, a.value);
  }
  const children: XmlElement[] = [];
  let text = '';
  for (let c: Node | null = el.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === ELEMENT_NODE) children.push(treeOfDom(c as Element));
    else if (c.nodeType === TEXT_NODE || c.nodeType === CDATA_SECTION_NODE) text += c.nodeValue ?? '';
  }
  return { name: el.localName ?? el.tagName, attrs, children, text };
}

/** Where two trees first differ (a path and what), or undefined when they are equal. */
export function firstDifference(a: XmlElement, b: XmlElement, path = a.name): string | undefined {
  if (a.name !== b.name) return `${path}: element ${show(a.name)} read as ${show(b.name)}`;
  if (a.text !== b.text) return `${path}: the text differs`;
  const names = new Set([...a.attrs.keys(), ...b.attrs.keys()]);
  for (const name of names) {
    if (a.attrs.get(name) !== b.attrs.get(name)) return `${path}/@${show(name)} differs`;
  }
  if (a.children.length !== b.children.length) return `${path}: ${a.children.length} child elements read as ${b.children.length}`;
  for (let i = 0; i < a.children.length; i++) {
    const ca = a.children[i] as XmlElement;
    const diff = firstDifference(ca, b.children[i] as XmlElement, `${path}/${ca.name}`);
    if (diff) return diff;
  }
  return undefined;
}

const show = (s: string) => JSON.stringify(s.slice(0, 40));

/**
 * The parsed document of a verified message: the tree of the verified DOM without its Signature (which
 * the signature does not cover), after the codec's own checks (limits, reserved names, root). Throws
 * AppError SIGNATURE_MISMATCH (G27) when the codec reads the bytes differently from the verifier.
 */
export function parseVerified(verified: VerifyOk, opts: ParseOptions = {}): ParsedDocument {
  const codec = parseBbps(verified.xml, opts);
  const root = verified.doc.documentElement as Element;
  const tree = treeOfDom(root);
  const diff = firstDifference(tree, codec.root);
  if (diff) throw new AppError('SIGNATURE_MISMATCH', `PARSER_DIFFERENTIAL: the signed document reads differently to the codec (${diff})`);
  let at = -1;
  for (let c: Node | null = root.firstChild, i = 0; c; c = c.nextSibling) {
    if (c.nodeType !== ELEMENT_NODE) continue;
    if (c === verified.signature) at = i;
    i++;
  }
  return { api: codec.api, root: { ...tree, children: tree.children.filter((_, i) => i !== at) } };
}
