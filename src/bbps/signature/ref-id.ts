// Binding the URL to the signed body (design §7): the route's `urn:referenceId:{refId}` must equal
// Head/@refId of the VERIFIED bytes, so a validly signed message cannot be replayed under another refId.
import type { Document, Element } from '@xmldom/xmldom';
import { childElements, parseStrict } from './dom';

/** Head/@refId of a verified document (the root's one Head child), or undefined when there is none.
 *  Pass the verified DOM (VerifyOk.doc) rather than its text: the text would be parsed again. */
export function headRefIdOf(verified: string | Document): string | undefined {
  let root: Element;
  try {
    root = (typeof verified === 'string' ? parseStrict(verified) : verified).documentElement as Element;
  } catch {
    return undefined;
  }
  const heads = childElements(root).filter((e) => e.localName === 'Head');
  if (heads.length !== 1) return undefined;
  const head = heads[0] as Element;
  return head.hasAttribute('refId') ? (head.getAttribute('refId') ?? undefined) : undefined;
}

/** True only when the URL refId equals the signed Head/@refId exactly (ids are opaque: case matters). */
export function verifyRefId(urlRefId: string, verified: string | Document): boolean {
  const signed = headRefIdOf(verified);
  return signed !== undefined && signed === urlRefId;
}
