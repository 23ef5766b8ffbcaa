// More properties of the codec (issue 19), beside codec.property.test.ts: a fetch request and a fetch
// response round-trip; a payment message with arbitrary unknown subtrees among its children is read
// exactly as without them or refused, never read differently; and no refusal leaves state behind — a
// good message read after any garbage reads exactly as it did before.
import fc from 'fast-check';
import { buildFetchResponse, parseBbps, toFetchRequest, toPaymentRequest, toResponseMessage } from '../../../src/bbps';
import type { Bill } from '../../../src/core/types';
import { fetchXml, paymentXml } from '../../support/messages';
import { id, params as paramList, readOrRefuse, treeOf, value } from '../../support/arbitraries';

const PT = 'PBMC00000PUN01';
const GOOD = paymentXml({ billerId: PT, params: { City: 'Amritsar', 'Property ID': 'PB-PT-2023-04-12-000456' }, amountPaise: 150000, refId: 'PROPERTYREF0000000000000000000000001', txnReferenceId: 'PROPERTYTXN000000001' });
const read = (xml: string | Buffer) => toPaymentRequest(parseBbps(xml));
const BASELINE = read(GOOD);

test('a valid fetch request reads back exactly what was written', () => {
  fc.assert(
    fc.property(id(35), id(35), paramList, (refId, msgId, params) => {
      const { request } = toFetchRequest(parseBbps(fetchXml({ billerId: PT, params: Object.fromEntries(params), refId, msgId })));
      expect(request).toMatchObject({ refId, msgId, billerId: PT, params: params.map(([name, v]) => ({ name, value: v })) });
    }),
    { numRuns: 300 },
  );
});

// bills as DIGIT gives them: any amount in paise, names and numbers with markup and non-ASCII text
const bill: fc.Arbitrary<Bill> = fc.record({
  amountPaise: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
  customerName: value,
  billNumber: value,
}).map((b) => ({ ...b, billId: 'b', consumerCode: 'c', businessService: 'PT', tenantId: 'pb.amritsar', fractional: b.amountPaise % 100 !== 0, billDate: '2026-03-01', dueDate: '2026-04-30', billPeriod: 'Yearly', expiresAt: 0 }));

test('a fetch response read back gives every bill its exact paise, name and number, and the parameters as echoed', () => {
  const echo = toFetchRequest(parseBbps(fetchXml({ billerId: PT, params: {} }))).echo;
  fc.assert(
    fc.property(fc.array(bill, { minLength: 1, maxLength: 5 }), paramList, (bills, params) => {
      const withParams = { ...echo, billDetails: { ...echo.billDetails, params: params.map(([name, v]) => ({ name, value: v })) } };
      const back = toResponseMessage(parseBbps(buildFetchResponse(withParams, { ok: true, bills }, { ouId: 'XX01', now: 0 })));
      expect(back.billerResponses.map((r) => [r.amount, r.customerName, r.billNumber])).toEqual(bills.map((b) => [String(b.amountPaise), b.customerName, b.billNumber]));
      expect(back.billDetails?.params).toEqual(withParams.billDetails.params);
    }),
    { numRuns: 300 },
  );
});

// subtrees the payment does not know (and hostile names): ignored, or the document refused
// (hostile names less often: any one of them refuses the whole document, which would leave few readings)
const unknownNames = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom('Pad', 'x', 'ns3:Foo', 'Tag', 'Score', 'a:b') },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype') },
);
const children = ['<Head', '<Analytics', '<Txn', '<Customer', '<Agent', '<BillDetails', '<PaymentMethod', '<Amount', '<PaymentInformation', '</ns2:BillPaymentRequest>'];

test('unknown subtrees among a payment\'s children are ignored or refused: the payment is never read differently', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom(...children), treeOf(unknownNames, 3)), { minLength: 1, maxLength: 3 }), (inserts) => {
      let xml = GOOD;
      for (const [before, tree] of inserts) xml = xml.replace(before, `${tree}${before}`);
      const got = readOrRefuse(() => read(xml));
      if (got !== undefined) expect(got).toEqual(BASELINE);
    }),
    { numRuns: 500 },
  );
});

test('no refusal leaves state behind: after any garbage, the good payment reads exactly as before', () => {
  const garbage = fc.oneof(
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b)),
    treeOf(fc.constantFrom('ns2:BillPaymentRequest', 'Head', 'Txn', '__proto__', 'constructor', 'a')).map((t) => `<?xml version="1.0"?>${t}`),
    fc.constantFrom('<!DOCTYPE r [<!ENTITY a "b">]><r>&a;</r>', `${GOOD.slice(0, 300)}`, `${GOOD}<x/>`, '<a>'.repeat(100)),
  );
  fc.assert(
    fc.property(fc.array(garbage, { minLength: 1, maxLength: 4 }), (bodies) => {
      for (const b of bodies) readOrRefuse(() => read(b));
      expect(read(GOOD)).toEqual(BASELINE);
      expect('refId' in ({} as Record<string, unknown>)).toBe(false);
    }),
    { numRuns: 300 },
  );
});
