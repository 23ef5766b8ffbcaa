// The fields a route acts on, read straight from the verified DOM with the DOM's own API — apart from
// the codec's tree (bbps/parse-verified.ts) — so that a route can check that what it decoded is what was
// signed (design §7): the refId, the amount and the payment's direction.
import type { Document, Element } from '@xmldom/xmldom';
import { childElements } from './dom';

export interface SignedFacts {
  readonly refId?: string;
  /** Amount/Amt/@amount of a payment, as written */
  readonly amount?: string;
  /** Txn/@type */
  readonly txnType?: string;
}

const only = (parent: Element | undefined, name: string): Element | undefined => {
  if (!parent) return undefined;
  const found = childElements(parent).filter((e) => e.localName === name);
  return found.length === 1 ? found[0] : undefined;
};
const attr = (el: Element | undefined, name: string) => (el?.hasAttribute(name) ? (el.getAttribute(name) ?? undefined) : undefined);

export function signedFactsOf(doc: Document): SignedFacts {
  const root = doc.documentElement as Element;
  const facts: { refId?: string; amount?: string; txnType?: string } = {};
  const refId = attr(only(root, 'Head'), 'refId');
  const amount = attr(only(only(root, 'Amount'), 'Amt'), 'amount');
  const txnType = attr(only(root, 'Txn'), 'type');
  if (refId !== undefined) facts.refId = refId;
  if (amount !== undefined) facts.amount = amount;
  if (txnType !== undefined) facts.txnType = txnType;
  return facts;
}
