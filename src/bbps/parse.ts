// XML → XmlElement tree (fast-xml-parser 5.12), after the guard. Well-formedness comes from
// XMLValidator plus the checks it lacks (a second root after a self-closing first one, trailing text,
// entity references, '<' in attribute values); names are stripped of prefixes here, not by the parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../core/errors';
import { type BbpsRoot, isBbpsRoot } from './apis';
import { decodeAttribute, decodeText } from './entities';
import { DEFAULT_MAX_BODY_BYTES, guardXml } from './guard';
import type { XmlLimits } from './limits';
import type { XmlElement } from './xml-tree';

export interface ParsedDocument {
  /** the root's local name, which tells the API */
  readonly api: BbpsRoot;
  readonly root: XmlElement;
}

export interface ParseOptions {
  /** the root this route accepts; another root is REQUEST_INVALID naming both */
  expect?: BbpsRoot | readonly BbpsRoot[];
  maxBytes?: number;
  /** structural limits (BBPS_MAX_XML_DEPTH, …); default DEFAULT_XML_LIMITS */
  limits?: XmlLimits;
}

const ATTR_PREFIX = '@_';
const parser = new XMLParser({
  preserveOrder: true, // document order of children (customer parameters) and repeated elements kept
  ignoreAttributes: false,
  attributeNamePrefix: ATTR_PREFIX,
  processEntities: false, // no entity ever expands inside the parser; see entities.ts
  htmlEntities: false,
  trimValues: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata', // kept apart so CDATA text is not entity-decoded
  commentPropName: false,
  removeNSPrefix: false, // done below on local names, so `ns2:`, `bbps:` and default namespaces all work
});

// names that must never reach object keys anywhere downstream; refused outright
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

type RawNode = Record<string, unknown>;
const invalid = (message: string) => new AppError('REQUEST_INVALID', message);
const localName = (qname: string) => qname.slice(qname.lastIndexOf(':') + 1);

function toAttrs(raw: unknown, path: string): Map<string, string> {
  const attrs = new Map<string, string>();
  if (raw === undefined) return attrs;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const qname = key.slice(ATTR_PREFIX.length);
    if (RESERVED.has(localName(qname))) throw invalid(`${path} has a reserved attribute name`);
    // prefixed attributes (xmlns:*, xsi:*, …) are in other namespaces: unknown, hence ignored
    if (qname.includes(':') || qname === 'xmlns') continue;
    attrs.set(qname, decodeAttribute(String(value), `${path}/@${qname}`));
  }
  return attrs;
}

function toElement(node: RawNode, qname: string, parentPath: string): XmlElement {
  const name = localName(qname);
  if (RESERVED.has(name)) throw invalid('the document uses a reserved element name');
  const path = parentPath === '' ? name : `${parentPath}/${name}`;
  const attrs = toAttrs(node[':@'], path);
  const children: XmlElement[] = [];
  let text = '';
  for (const child of node[qname] as RawNode[]) {
    const [key] = Object.keys(child).filter((k) => k !== ':@');
    if (key === '#text') text += decodeText(String(child['#text']), path);
    else if (key === '#cdata') text += (child['#cdata'] as RawNode[]).map((t) => String(t['#text'])).join('');
    else if (key !== undefined) children.push(toElement(child, key, path));
  }
  return { name, attrs, children, text };
}

/**
 * After a self-closing root (an Ack is one) XMLValidator looks no further and the parser drops whatever
 * follows: `<Ack …/>anything` would read as the Ack. Only XML whitespace and comments may follow (XML 1.0
 * §2.1 Misc; processing instructions are refused by the guard), as after an end tag.
 */
function afterSelfClosingRoot(xml: string): void {
  const lead = (/^(?:<\?xml[^?]*\?>)?(?:[ \t\r\n]+|<!--[\s\S]*?-->)*/.exec(xml) as RegExpExecArray)[0].length;
  if (xml[lead] !== '<') return;
  let quote = '';
  for (let i = lead + 1; i < xml.length; i++) {
    const c = xml[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') {
      if (xml[i - 1] !== '/') return; // an end tag follows: XMLValidator reads what comes after it
      if (!/^[ \t\r\n]*$/.test(xml.slice(i + 1).replace(/<!--[\s\S]*?-->/g, ''))) throw invalid('text after the root element');
      return;
    }
  }
}

function rootOf(nodes: RawNode[]): XmlElement {
  const elements: XmlElement[] = [];
  for (const node of nodes) {
    const [key] = Object.keys(node).filter((k) => k !== ':@');
    if (key === '#text') {
      if (String(node['#text']).trim() !== '') throw invalid('text outside the root element');
    } else if (key === '#cdata') {
      throw invalid('CDATA outside the root element');
    } else if (key !== undefined) {
      elements.push(toElement(node, key, ''));
    }
  }
  if (elements.length !== 1) throw invalid(elements.length === 0 ? 'no root element' : 'more than one root element');
  return elements[0] as XmlElement;
}

/**
 * Guard + parse + root check. Throws AppError (PAYLOAD_TOO_LARGE, DOCTYPE_NOT_ALLOWED, REQUEST_INVALID).
 * The namespace URI is not checked (namespace-agnostic by design §3.3); the root's local name must be a
 * BBPS message this service reads.
 */
export function parseBbps(body: Buffer | string, opts: ParseOptions = {}): ParsedDocument {
  // XML 1.0 §2.11 line ends (CRLF, CR → LF) before the parser, as every conformant parser does; without
  // it a CRLF inside an attribute value would read as two spaces here and one in the signature's DOM
  const xml = guardXml(body, opts.maxBytes ?? DEFAULT_MAX_BODY_BYTES, opts.limits).replace(/\r\n?/g, '\n');
  const verdict = XMLValidator.validate(xml);
  if (verdict !== true) throw invalid(`the body is not well-formed XML: ${verdict.err.msg.slice(0, 160)}`);
  afterSelfClosingRoot(xml);
  let nodes: RawNode[];
  try {
    nodes = parser.parse(xml) as RawNode[];
  } catch (e) {
    // the parser refuses __proto__/constructor/prototype names itself; anything it throws is bad input
    throw invalid(`the body could not be parsed: ${(e as Error).message.slice(0, 160)}`);
  }
  const root = rootOf(nodes);
  const expected = opts.expect === undefined ? undefined : ([] as BbpsRoot[]).concat(opts.expect);
  const shown = root.name.slice(0, 64);
  if (expected !== undefined && !expected.includes(root.name as BbpsRoot)) {
    throw invalid(`expected a ${expected.join(' or ')} but the root element is ${shown}`);
  }
  if (!isBbpsRoot(root.name)) throw invalid(`${shown} is not a BBPS message this service reads`);
  return { api: root.name, root };
}
