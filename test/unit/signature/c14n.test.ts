// Our inclusive C14N 1.0 against the W3C spec's own examples and, differentially, against xml-crypto's
// implementation on the samples and on generated documents (namespaces, escapes, CDATA, line ends).
import fc from 'fast-check';
import type { Element } from '@xmldom/xmldom';
import { C14nCanonicalization, findAncestorNs } from 'xml-crypto';
import { canonicalize } from '../../../src/bbps/signature/c14n';
import { childElements, parseStrict } from '../../../src/bbps/signature/dom';
import { PAYMENT_XML, SIGNED_SAMPLES, TAMPERED_SAMPLE, readSample, rsaKeyPair } from './support';
import { signXml } from '../../../src/bbps/signature';

type XcNode = Parameters<C14nCanonicalization['process']>[0];
type XcDoc = Parameters<typeof findAncestorNs>[0];
const theirs = (el: Element, ancestors = false): string => {
  const options = ancestors ? { ancestorNamespaces: findAncestorNs(el.ownerDocument as unknown as XcDoc, "//*[local-name()='SignedInfo']") } : {};
  return new C14nCanonicalization().process(el as unknown as XcNode, options);
};
const root = (xml: string) => parseStrict(xml).documentElement as Element;

describe('canonicalize: W3C C14N 1.0 examples', () => {
  it('§3.3 start and end tags: empty elements, attribute and namespace order, superfluous declarations, xmlns=""', () => {
    const input = `<doc>
   <e1   />
   <e2   ></e2>
   <e3   name = "elem3"   id="elem3"   />
   <e4   name="elem4"   id="elem4"   ></e4>
   <e5 a:attr="out" b:attr="sorted" attr2="all" attr="I'm"
      xmlns:b="http://www.ietf.org"
      xmlns:a="http://www.w3.org"
      xmlns="http://example.org"/>
   <e6 xmlns="" xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="" xmlns:a="http://www.w3.org">
            <e9 xmlns="" xmlns:a="http://www.ietf.org"/>
         </e8>
      </e7>
   </e6>
</doc>`;
    const expected = `<doc>
   <e1></e1>
   <e2></e2>
   <e3 id="elem3" name="elem3"></e3>
   <e4 id="elem4" name="elem4"></e4>
   <e5 xmlns="http://example.org" xmlns:a="http://www.w3.org" xmlns:b="http://www.ietf.org" attr="I'm" attr2="all" b:attr="sorted" a:attr="out"></e5>
   <e6 xmlns:a="http://www.w3.org">
      <e7 xmlns="http://www.ietf.org">
         <e8 xmlns="">
            <e9 xmlns:a="http://www.ietf.org"></e9>
         </e8>
      </e7>
   </e6>
</doc>`;
    expect(canonicalize(root(input))).toBe(expected);
  });

  it('§3.4 character modifications: references, CDATA, attribute normalisation and escaping', () => {
    const input = `<doc>
   <text>First line&#x0d;&#10;Second line</text>
   <value>&#x32;</value>
   <compute><![CDATA[value>"0" && value<"10" ?"valid":"error"]]></compute>
   <compute expr='value>"0" &amp;&amp; value&lt;"10" ?"valid":"error"'>valid</compute>
   <norm attr=' &apos;   &#x20;&#13;&#xa;&#9;   &apos; '/>
</doc>`;
    const expected = `<doc>
   <text>First line&#xD;
Second line</text>
   <value>2</value>
   <compute>value&gt;"0" &amp;&amp; value&lt;"10" ?"valid":"error"</compute>
   <compute expr="value>&quot;0&quot; &amp;&amp; value&lt;&quot;10&quot; ?&quot;valid&quot;:&quot;error&quot;">valid</compute>
   <norm attr=" '    &#xD;&#xA;&#x9;   ' "></norm>
</doc>`;
    expect(canonicalize(root(input))).toBe(expected);
  });

  it('a subtree apex renders the namespaces it inherits; an excluded element is left out', () => {
    const doc = root('<r xmlns:p="urn:p" xmlns="urn:d"><s xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><x p:a="1"/></SignedInfo></s><t/></r>');
    const s = childElements(doc)[0] as Element;
    expect(canonicalize(childElements(s)[0] as Element)).toBe(
      '<SignedInfo xmlns="http://www.w3.org/2000/09/xmldsig#" xmlns:p="urn:p"><x p:a="1"></x></SignedInfo>',
    );
    expect(canonicalize(doc, s)).toBe('<r xmlns="urn:d" xmlns:p="urn:p"><t></t></r>');
  });
});

describe('canonicalize agrees with xml-crypto', () => {
  it('on the samples, their SignedInfo (in context), and our own signed output', () => {
    const signed = signXml(PAYMENT_XML, rsaKeyPair(1024).privatePem);
    for (const xml of [...SIGNED_SAMPLES.map(readSample), readSample(TAMPERED_SAMPLE), signed]) {
      const r = root(xml);
      expect(canonicalize(r)).toBe(theirs(r));
      const signedInfo = childElements(childElements(r).at(-1) as Element)[0] as Element;
      expect(canonicalize(signedInfo)).toBe(theirs(signedInfo, true));
    }
  });

  const text = fc.string({ unit: fc.constantFrom('a', 'Z', '0', ' ', '&', '<', '>', '"', "'", '\t', '\n', '\r', 'é', '₹', '😀'), maxLength: 6 });
  interface Plan {
    name: string;
    prefix: string;
    decls: Array<{ prefix: string; uri: string }>;
    attrs: Array<{ local: string; prefix: string; value: string; refs: boolean }>;
    children: Array<Plan | { text: string; cdata: boolean }>;
  }
  const { plan } = fc.letrec<{ plan: Plan }>((tie) => ({
    plan: fc.record({
      name: fc.constantFrom('Head', 'Tag', 'x-y', 'a.b'),
      prefix: fc.constantFrom('', 'a', 'b'),
      decls: fc.array(fc.record({ prefix: fc.constantFrom('', 'a', 'b'), uri: fc.constantFrom('', 'urn:x', 'urn:y', 'http://bbps.org/schema') }), { maxLength: 3 }),
      attrs: fc.array(fc.record({ local: fc.constantFrom('id', 'v', 'amount', 'Z'), prefix: fc.constantFrom('', 'a', 'b'), value: text, refs: fc.boolean() }), { maxLength: 4 }),
      children: fc.array(fc.oneof({ depthSize: 'small' }, fc.record({ text, cdata: fc.boolean() }), tie('plan')), { maxLength: 4 }),
    }),
  }));

  const escText = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
  const escAttr = (t: string, refs: boolean) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
      .replace(/[\t\n\r]/g, (c) => (refs ? `&#${c.charCodeAt(0)};` : c));

  /** Well-formed XML from a plan: prefixes used only where bound, no duplicate (expanded) attribute names. */
  function write(p: Plan, scope: Map<string, string>): string {
    const inner = new Map(scope);
    const decls: string[] = [];
    for (const d of p.decls) {
      if (decls.some((x) => x.startsWith(d.prefix === '' ? 'xmlns=' : `xmlns:${d.prefix}=`))) continue;
      if (d.prefix !== '' && d.uri === '') continue; // xmlns:a="" is not XML 1.0
      decls.push(`${d.prefix === '' ? 'xmlns' : `xmlns:${d.prefix}`}="${escAttr(d.uri, false)}"`);
      inner.set(d.prefix, d.uri);
    }
    const qname = p.prefix !== '' && inner.get(p.prefix) ? `${p.prefix}:${p.name}` : p.name;
    const seen = new Set<string>();
    const attrs: string[] = [];
    for (const a of p.attrs) {
      const bound = a.prefix !== '' && inner.get(a.prefix) ? a.prefix : '';
      const key = `${bound === '' ? '' : inner.get(bound)}|${a.local}`;
      if (seen.has(key)) continue;
      seen.add(key);
      attrs.push(`${bound === '' ? '' : `${bound}:`}${a.local}="${escAttr(a.value, a.refs)}"`);
    }
    const body = p.children
      .map((c) => ('text' in c ? (c.cdata && !c.text.includes(']]>') && !c.text.includes('\r') ? `<![CDATA[${c.text}]]>` : escText(c.text)) : write(c, inner)))
      .join('');
    return `<${[qname, ...decls, ...attrs].join(' ')}>${body}</${qname}>`;
  }

  // Namespace URIs holding '&', '<' or '"' are left out: C14N escapes them like attribute values
  // (spec §2.3, and canonicalize does), xml-crypto writes them raw. No BBPS namespace has one.
  it('on generated documents (property)', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const r = root(write(p, new Map([['', '']])));
        expect(canonicalize(r)).toBe(theirs(r));
      }),
      { numRuns: 300 },
    );
  });
});
