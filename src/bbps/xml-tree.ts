// The parsed document as plain, prototype-free data: element names are local names (prefix dropped),
// attributes live in Maps, so no name from the wire ever becomes an object key.
import { AppError } from '../core/errors';

export interface XmlElement {
  /** local name: `ns2:BillFetchRequest` → `BillFetchRequest` */
  readonly name: string;
  /** unprefixed attributes only; prefixed ones (xmlns, xsi:…) belong to other namespaces and are dropped */
  readonly attrs: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  /** the element's own text (CDATA included), concatenated, untrimmed */
  readonly text: string;
}

/** All children with this local name, in document order. */
export const childrenNamed = (el: XmlElement, name: string): XmlElement[] =>
  el.children.filter((c) => c.name === name);

/** The child expected at most once: undefined when absent, REQUEST_INVALID when repeated. */
export function childOnce(el: XmlElement, name: string, path: string): XmlElement | undefined {
  const found = childrenNamed(el, name);
  if (found.length > 1) throw new AppError('REQUEST_INVALID', `${path} appears more than once`);
  return found[0];
}

export const attrOf = (el: XmlElement | undefined, name: string): string | undefined => el?.attrs.get(name);
