// Issue 13, as a property: generate CU-signed BBPS payments, bend them (Unicode whitespace and line
// separators, re-prefixed or duplicated attributes, namespace games, character references, CDATA,
// quote and tag-whitespace changes), either on the wire after signing or before the CU signs them. Then
// whenever the route accepts a document, every business field the app reads — on the route, and later in
// the jobs, which decode the stored text with the codec alone — equals the value in the verified DOM,
// read here with the DOM's own API.
import type { Document, Element } from '@xmldom/xmldom';
import fc from 'fast-check';
import { parseBbps, toPaymentRequest } from '../../../src/bbps';
import { createVerifier, type VerifyOk } from '../../../src/bbps/signature';
import { parsePaise } from '../../../src/core/money';
import { checkSigned, readBody } from '../../../src/http/async-intake';
import { cuRequests, cuSign } from '../../../src/simulators/bbps-cu';
import { rsaKeyPair } from './support';

const cu = rsaKeyPair();
const verifier = createVerifier(cu.publicPem);

// xml-crypto's own xmldom prints what it repairs while the CU signs a bent document: expected here
beforeAll(() => {
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterAll(() => jest.restoreAllMocks());

const ODD = ['\u2028', '\u2029', '\u0085', '\u00A0', '\u1680', '\u2000', '\u200A', '\u202F', '\u205F', '\u3000', '\uFEFF', '\u0080', '\t', '\n', '\r\n', '\r', '&#x20;', '&#32;', '&#xA;', '&#xD;', '&#x2028;', '&#xFEFF;'];
const PREFIX_GAMES = [
  ' xmlns:p="urn:p" p:amount="99999900"',
  ' xmlns:a="urn:x" xmlns:b="urn:x" a:amount="1" b:amount="2"',
  ' x\uFEFFamount="99999900"',
  ' x\u1680amount="99999900"',
  ' xmlns:p="" ',
  ' xmlns="urn:other"',
  ' xml:lang="en"',
];

type Mutation =
  | { kind: 'space'; at: number; with: string }
  | { kind: 'value'; at: number; with: string }
  | { kind: 'charRef'; at: number }
  | { kind: 'cdata'; at: number; text: string }
  | { kind: 'attr'; game: string }
  | { kind: 'prefix'; how: 'bbps' | 'other' | 'default' }
  | { kind: 'quotes' }
  | { kind: 'tagSpace'; with: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('space' as const), at: fc.nat(), with: fc.constantFrom(...ODD) }),
  fc.record({ kind: fc.constant('value' as const), at: fc.nat(), with: fc.constantFrom(...ODD) }),
  fc.record({ kind: fc.constant('charRef' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('cdata' as const), at: fc.nat(), text: fc.constantFrom('x', ' ', '<&>', ']]', '\u2028', 'a\r\nb') }),
  fc.record({ kind: fc.constant('attr' as const), game: fc.constantFrom(...PREFIX_GAMES) }),
  fc.record({ kind: fc.constant('prefix' as const), how: fc.constantFrom('bbps' as const, 'other' as const, 'default' as const) }),
  fc.record({ kind: fc.constant('quotes' as const) }),
  fc.record({ kind: fc.constant('tagSpace' as const), with: fc.constantFrom(' \t\n ', '\r\n', ...ODD.filter((c) => !c.startsWith('&'))) }),
);

const nth = (xml: string, re: RegExp, n: number): number | undefined => {
  const all = [...xml.matchAll(re)].map((m) => m.index as number);
  return all.length === 0 ? undefined : all[n % all.length];
};
const at = (xml: string, i: number | undefined, len: number, text: string) => (i === undefined ? xml : xml.slice(0, i) + text + xml.slice(i + len));

function apply(xml: string, m: Mutation): string {
  switch (m.kind) {
    case 'space':
      return at(xml, nth(xml, / /g, m.at), 1, m.with);
    case 'value': {
      // inside an attribute value: its first space, else its start
      const i = nth(xml, /="[^"]*"/g, m.at);
      if (i === undefined) return xml;
      const value = xml.slice(i + 2, xml.indexOf('"', i + 2));
      const space = value.indexOf(' ');
      return at(xml, i + 2 + Math.max(space, 0), space < 0 ? 0 : 1, m.with);
    }
    case 'charRef': {
      const i = nth(xml, /[0-9A-Z]/g, m.at);
      return i === undefined ? xml : at(xml, i, 1, `&#x${(xml.charCodeAt(i)).toString(16)};`);
    }
    case 'cdata':
      return at(xml, nth(xml, />/g, m.at), 1, `><![CDATA[${m.text}]]>`);
    case 'attr': // after the real attributes: fast-xml-parser keeps the last of two same names
      return xml.replace('currency="356"', `currency="356"${m.game}`);
    case 'prefix':
      if (m.how === 'default') return xml.replace('<Amount>', '<Amount xmlns="urn:other">');
      return xml
        .replace('<Amount>', `<p:Amount xmlns:p="${m.how === 'bbps' ? 'http://bbps.org/schema' : 'urn:other'}">`)
        .replace('</Amount>', '</p:Amount>');
    case 'quotes':
      return xml.replace(/amount="([0-9]+)"/, "amount='$1'");
    case 'tagSpace':
      return xml.replace('<Txn ts=', `<Txn${m.with}ts=`);
  }
}

// ---- the verified DOM, read with the DOM's API (not the codec's tree)
const kids = (el: Element | undefined, name: string): Element[] => {
  const out: Element[] = [];
  for (let c = el?.firstChild ?? null; c; c = c.nextSibling) if (c.nodeType === 1 && (c as Element).localName === name) out.push(c as Element);
  return out;
};
const one = (el: Element | undefined, ...path: string[]): Element | undefined => path.reduce<Element | undefined>((e, name) => kids(e, name)[0], el);
const attr = (el: Element | undefined, name: string) => (el?.hasAttribute(name) ? (el.getAttribute(name) as string) : undefined);

function domFields(doc: Document) {
  const root = doc.documentElement as Element;
  const txn = one(root, 'Txn');
  const amt = one(root, 'Amount', 'Amt');
  const fee = attr(amt, 'custConvFee');
  return {
    refId: attr(one(root, 'Head'), 'refId'),
    origInst: attr(one(root, 'Head'), 'origInst'),
    msgId: attr(txn, 'msgId'),
    txnReferenceId: attr(txn, 'txnReferenceId'),
    reversal: attr(txn, 'type') === 'REVERSAL TYPE REQUEST',
    billerId: attr(one(root, 'BillDetails', 'Biller'), 'id'),
    params: kids(one(root, 'BillDetails', 'CustomerParams'), 'Tag').map((t) => ({ name: attr(t, 'name'), value: attr(t, 'value') })),
    amountPaise: parsePaise(attr(amt, 'amount') ?? ''),
    custConvFeePaise: fee === undefined ? 0 : parsePaise(fee),
    paymentMode: attr(one(root, 'PaymentMethod'), 'paymentMode') ?? '',
    customerMobile: attr(one(root, 'Customer'), 'mobile'),
    agentId: attr(one(root, 'Agent'), 'id'),
  };
}

const appFields = (r: ReturnType<typeof toPaymentRequest>['request']) => ({
  refId: r.refId, origInst: r.origInst, msgId: r.msgId, txnReferenceId: r.txnReferenceId, reversal: r.reversal, billerId: r.billerId,
  params: r.params, amountPaise: r.amountPaise, custConvFeePaise: r.custConvFeePaise, paymentMode: r.paymentMode,
  customerMobile: r.customerMobile, agentId: r.agentId,
});

const document = fc.record({
  reversal: fc.boolean(),
  amountPaise: fc.integer({ min: 1, max: 99_999_999 }),
  paramName: fc.constantFrom('Property ID', 'Connection Number', 'Registered Mobile Number'),
  paramValue: fc.string({ unit: fc.constantFrom('A', '1', '-', ' ', '\u00A0', 'ਅ', '&', '"', '<'), maxLength: 12 }),
  paymentMode: fc.constantFrom('UPI', 'Debit Card', 'Internet Banking'),
});

test('whenever the route accepts a bent signed document, every field it reads is the verified DOM’s', () => {
  const seen = { accepted: 0, refused: 0 };
  fc.assert(
    fc.property(document, fc.boolean(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (d, afterSigning, mutations) => {
      const plain = cuRequests.paymentRequest({
        refId: 'REF0000000000000000000000000000000001', msgId: 'MSG0001', billerId: 'PBMC00000PUN01', origInst: 'BBCU', txnReferenceId: 'TXN00000000000000001',
        params: [['City', 'Amritsar'], [d.paramName, d.paramValue]], amountPaise: d.amountPaise, bills: [], paymentMode: d.paymentMode, reversal: d.reversal,
      });
      let xml: string;
      try {
        xml = afterSigning ? mutations.reduce(apply, cuSign(plain, cu.privatePem)) : cuSign(mutations.reduce(apply, plain), cu.privatePem);
      } catch {
        return true; // the CU's signer refused the bent input: nothing to send
      }
      let request;
      try {
        const read = readBody(Buffer.from(xml), { expect: 'BillPaymentRequest', maxBytes: 262144, verifier });
        request = toPaymentRequest(read.doc).request;
        checkSigned(read.signed, request);
      } catch {
        seen.refused++;
        return true;
      }
      seen.accepted++;
      const verified = verifier(xml) as VerifyOk;
      expect(verified.ok).toBe(true);
      const signedFields = domFields(verified.doc);
      expect(appFields(request)).toEqual(signedFields);
      // the jobs decode the stored text with the codec alone: the same reading
      expect(appFields(toPaymentRequest(parseBbps(verified.xml)).request)).toEqual(signedFields);
      return true;
    }),
    { numRuns: 300, seed: 13, endOnFailure: true },
  );
  // the property is not vacuous: both outcomes occur in the run
  expect(seen.accepted).toBeGreaterThan(10);
  expect(seen.refused).toBeGreaterThan(10);
});
