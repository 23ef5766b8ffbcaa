// The document and Signature shape verification accepts (design §7): anything else is refused before
// any cryptography runs, so the canonicaliser and the digest only ever see the one profile BBPS uses.
import type { Document, Element } from '@xmldom/xmldom';
import { ALLOWED_C14N, ALLOWED_TRANSFORMS, RSA_SHA256, SHA256, XMLDSIG_NS, sameSequence } from './algorithms';
import { childElements, descendants, descendantsWithDepth, hasOwnText, isElement } from './dom';
import { refuse } from './failures';
import { MarkupProblem, scanMarkup, type MarkupInventory } from '../markup';

const DTD_MARKUP = /<!\s*(?:DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i;
const XML_DECLARATION = /^<\?xml[ \t\r\n][^?]*\?>/;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
/** xml:* attributes for which C14N 1.0 and 1.1 agree */
const NEUTRAL_XML_ATTRS = new Set(['lang', 'space']);

const MAX_DEPTH = 64;
const COMMENT_NODE = 8;
const PROCESSING_INSTRUCTION_NODE = 7;
const DOCUMENT_TYPE_NODE = 10;

/**
 * On the raw text: what must be refused whatever a parser would make of it. Returns the start-tag
 * inventory that checkTree holds the DOM against.
 */
export function checkRawText(xml: string): MarkupInventory {
  if (DTD_MARKUP.test(xml)) refuse('DOCTYPE', 'DOCTYPE and entity declarations are not allowed');
  // a comment is not signed, so `am<!---->ount` could read differently from what was signed: refuse
  // any (also inside CDATA, where it is harmless but never legitimate in BBPS)
  if (xml.includes('<!--')) refuse('COMMENT', 'XML comments are not allowed in a signed document');
  const afterDecl = xml.replace(XML_DECLARATION, '');
  if (afterDecl.includes('<?')) refuse('PROCESSING_INSTRUCTION', 'processing instructions are not allowed');
  try {
    return scanMarkup(xml);
  } catch (e) {
    if (e instanceof MarkupProblem) refuse('MARKUP_CHARACTER', e.message);
    throw e;
  }
}

/**
 * On the parsed tree: the same rules again (belt and braces), plus depth, xml:* attributes, namespace
 * declarations, and that xmldom kept every element and attribute the text writes: it silently drops
 * one of two attributes sharing an expanded name through two prefixes (`a:x` and `b:x`, both prefixes
 * bound to one URI), and what a parser dropped is not what the signer's parser signed.
 */
export function checkTree(doc: Document, inventory: MarkupInventory): void {
  const counts = inventory.attributesPerStartTag;
  let position = 0;
  let elementIndex = 0;
  for (const [node, depth] of descendantsWithDepth(doc)) {
    position++;
    // BBPS messages nest 5 levels; the canonicaliser recurses, so depth is bounded well before the stack
    if (depth > MAX_DEPTH) refuse('MALFORMED', `the document nests deeper than ${MAX_DEPTH} levels`);
    if (node.nodeType === COMMENT_NODE) refuse('COMMENT', 'XML comments are not allowed in a signed document');
    if (node.nodeType === DOCUMENT_TYPE_NODE) refuse('DOCTYPE', 'DOCTYPE declarations are not allowed');
    if (node.nodeType === PROCESSING_INSTRUCTION_NODE && !(position === 1 && node.nodeName === 'xml')) {
      refuse('PROCESSING_INSTRUCTION', 'processing instructions are not allowed');
    }
    if (isElement(node)) {
      checkXmlAttributes(node);
      checkNamespaceDeclarations(node);
      const written = counts[elementIndex++];
      if (written !== node.attributes.length) {
        refuse('PARSER_REPAIR', `the element ${node.tagName.slice(0, 40)} writes ${written ?? 'no'} attributes but the parser kept ${node.attributes.length} (duplicate expanded attribute names are not allowed)`);
      }
    }
  }
  if (elementIndex !== counts.length) refuse('PARSER_REPAIR', `the text has ${counts.length} start tags but the parser built ${elementIndex} elements`);
  // C14N 1.0 copies xml:* attributes of SignedInfo's ancestors into its canonical form, and 1.1 only
  // some of them; c14n.ts copies none, so they are refused rather than verified differently
  const root = doc.documentElement as Element;
  if (hasXmlAttribute(root)) refuse('XML_ATTRIBUTE', 'xml:* attributes on the root element are not allowed');
}

function checkXmlAttributes(el: Element): void {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (a && a.namespaceURI === XML_NS && !NEUTRAL_XML_ATTRS.has(a.localName ?? '')) {
      refuse('XML_ATTRIBUTE', `the attribute ${a.name.slice(0, 40)} is not allowed (only xml:lang and xml:space)`);
    }
  }
}

/** Namespaces 1.0 §3: a prefix is never bound to "" (undeclaring is XML 1.1), nor to the xml or xmlns
 *  namespaces, and `xml` is bound to nothing else: xmldom accepts all of these without a word. */
function checkNamespaceDeclarations(el: Element): void {
  for (let i = 0; i < el.attributes.length; i++) {
    const a = el.attributes.item(i);
    if (!a || a.namespaceURI !== XMLNS_NS || a.prefix !== 'xmlns') continue;
    const bad = a.value === '' || a.localName === 'xmlns' || (a.localName === 'xml') !== (a.value === XML_NS) || a.value === XMLNS_NS;
    if (bad) refuse('SIGNATURE_STRUCTURE', `the namespace declaration ${a.name.slice(0, 40)}="${a.value.slice(0, 60)}" is not allowed`);
  }
}

function hasXmlAttribute(el: Element): boolean {
  for (let i = 0; i < el.attributes.length; i++) {
    if (el.attributes.item(i)?.namespaceURI === XML_NS) return true;
  }
  return false;
}

const isDsig = (el: Element, name: string) => el.namespaceURI === XMLDSIG_NS && el.localName === name;

/** Exactly one xmldsig Signature, a direct child of the root element; returns it. */
export function findSignature(doc: Document): Element {
  const root = doc.documentElement as Element;
  const signatures: Element[] = [];
  for (const node of descendants(root)) if (isElement(node) && isDsig(node, 'Signature')) signatures.push(node);
  if (signatures.length === 0) refuse('NO_SIGNATURE', 'the document is not signed (no Signature element)');
  if (signatures.length > 1) refuse('MULTIPLE_SIGNATURES', `the document has ${signatures.length} Signature elements`);
  const sig = signatures[0] as Element;
  if (sig.parentNode !== root) refuse('SIGNATURE_NOT_ROOT_CHILD', 'the Signature is not a child of the root element');
  if (hasXmlAttribute(sig)) refuse('XML_ATTRIBUTE', 'xml:* attributes on the Signature element are not allowed');
  return sig;
}

/** Signature → SignedInfo, SignatureValue, optional KeyInfo; nothing else, in that order. */
export function checkSignatureElement(sig: Element): void {
  for (const node of descendants(sig)) {
    if (isElement(node) && (node.localName === 'Object' || node.localName === 'Manifest')) {
      refuse('OBJECT_IN_SIGNATURE', `a ${node.localName} inside Signature is not allowed (it would not be signed)`);
    }
  }
  const kids = childElements(sig);
  const signedInfos = kids.filter((k) => k.localName === 'SignedInfo');
  if (signedInfos.length > 1) refuse('MULTIPLE_SIGNED_INFO', `the Signature has ${signedInfos.length} SignedInfo elements`);
  const names = kids.map((k) => (k.namespaceURI === XMLDSIG_NS ? k.localName : `{${k.namespaceURI ?? ''}}${k.localName}`));
  const shape = names.join(',');
  if (shape !== 'SignedInfo,SignatureValue' && shape !== 'SignedInfo,SignatureValue,KeyInfo') {
    refuse('SIGNATURE_STRUCTURE', `the Signature must hold SignedInfo, SignatureValue and optionally KeyInfo (found ${shape.slice(0, 120) || 'nothing'})`);
  }
  if (hasOwnText(sig)) refuse('SIGNATURE_STRUCTURE', 'the Signature holds text outside its elements');
  const [signedInfo, signatureValue] = kids as [Element, Element];
  if (childElements(signatureValue).length > 0 || (signatureValue.textContent ?? '').trim() === '') {
    refuse('SIGNATURE_STRUCTURE', 'the SignatureValue must be base64 text');
  }
  checkSignedInfo(signedInfo);
}

function checkSignedInfo(signedInfo: Element): void {
  const kids = childElements(signedInfo);
  if (kids.some((k) => k.namespaceURI !== XMLDSIG_NS)) refuse('SIGNATURE_STRUCTURE', 'SignedInfo holds an element of another namespace');
  const refs = kids.filter((k) => k.localName === 'Reference');
  if (refs.length > 1) refuse('MULTIPLE_REFERENCES', `SignedInfo has ${refs.length} Reference elements (one is allowed)`);
  const shape = kids.map((k) => k.localName).join(',');
  if (shape !== 'CanonicalizationMethod,SignatureMethod,Reference') {
    refuse('SIGNATURE_STRUCTURE', `SignedInfo must hold CanonicalizationMethod, SignatureMethod, Reference (found ${shape.slice(0, 120) || 'nothing'})`);
  }
  if (hasOwnText(signedInfo)) refuse('SIGNATURE_STRUCTURE', 'SignedInfo holds text outside its elements');
  const [c14n, method, reference] = kids as [Element, Element, Element];
  const c14nAlg = algorithmOf(c14n);
  if (!ALLOWED_C14N.has(c14nAlg)) refuse('ALGORITHM', `CanonicalizationMethod ${shown(c14nAlg)} is not allowed (inclusive C14N 1.0 or 1.1 without comments)`);
  const sigAlg = algorithmOf(method);
  if (sigAlg !== RSA_SHA256) refuse('ALGORITHM', `SignatureMethod ${shown(sigAlg)} is not allowed (rsa-sha256 only)`);
  checkReference(reference);
}

function checkReference(reference: Element): void {
  if (!reference.hasAttribute('URI') || reference.getAttribute('URI') !== '') {
    const uri = reference.hasAttribute('URI') ? `URI="${shown(reference.getAttribute('URI') ?? '')}"` : 'no URI';
    refuse('REFERENCE_URI', `the Reference must have URI="" (the whole document); it has ${uri}`);
  }
  const kids = childElements(reference);
  const shape = kids.map((k) => (k.namespaceURI === XMLDSIG_NS ? k.localName : '?')).join(',');
  if (shape !== 'Transforms,DigestMethod,DigestValue') {
    refuse('SIGNATURE_STRUCTURE', `the Reference must hold Transforms, DigestMethod, DigestValue (found ${shape.slice(0, 120) || 'nothing'})`);
  }
  if (hasOwnText(reference)) refuse('SIGNATURE_STRUCTURE', 'the Reference holds text outside its elements');
  const [transforms, digestMethod, digestValue] = kids as [Element, Element, Element];
  const steps = childElements(transforms);
  if (steps.some((t) => !isDsig(t, 'Transform')) || hasOwnText(transforms)) {
    refuse('SIGNATURE_STRUCTURE', 'Transforms may hold only Transform elements');
  }
  const algs = steps.map(algorithmOf);
  if (!ALLOWED_TRANSFORMS.some((allowed) => sameSequence(allowed, algs))) {
    refuse('ALGORITHM', `the transforms ${algs.map(shown).join(', ') || '(none)'} are not allowed (enveloped-signature, then optionally inclusive C14N 1.0 or 1.1)`);
  }
  const digestAlg = algorithmOf(digestMethod);
  if (digestAlg !== SHA256) refuse('ALGORITHM', `DigestMethod ${shown(digestAlg)} is not allowed (sha256 only)`);
  if (childElements(digestValue).length > 0 || (digestValue.textContent ?? '').trim() === '') {
    refuse('SIGNATURE_STRUCTURE', 'the DigestValue must be base64 text');
  }
}

/** The Algorithm attribute of an element that must have no children (parameters are never used). */
function algorithmOf(el: Element): string {
  if (childElements(el).length > 0 || hasOwnText(el)) {
    refuse('SIGNATURE_STRUCTURE', `${el.localName} must be empty (no parameters are accepted)`);
  }
  return el.getAttribute('Algorithm') ?? '';
}

const shown = (value: string) => JSON.stringify(value.slice(0, 100));
