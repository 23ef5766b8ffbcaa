// Properties of the codec and the money mapping (fast-check; a failure prints its seed and the
// shrunk counterexample): a valid payment message reads back exactly what was written; paise ⇄ rupees
// never lose or invent a paisa; arbitrary bytes and arbitrary element trees never crash the reader —
// they are read or refused with an AppError, nothing else.
import fc from 'fast-check';
import { parseBbps, toPaymentRequest } from '../../../src/bbps';
import { paiseToWholeRupees, rupeesToPaise } from '../../../src/core/money';
import { paymentXml } from '../../support/messages';
import { id, params as paramList, readOrRefuse, treeOf } from '../../support/arbitraries';

test('a valid payment message reads back exactly what was written', () => {
  fc.assert(
    fc.property(
      id(20),
      id(35),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 0, max: 10_000_000 }),
      paramList,
      (txn, refId, amountPaise, fee, params) => {
        const xml = paymentXml({ billerId: 'PBMC00000PUN01', params: Object.fromEntries(params), amountPaise, custConvFee: fee, refId, txnReferenceId: txn });
        const { request } = toPaymentRequest(parseBbps(xml));
        expect(request.txnReferenceId).toBe(txn);
        expect(request.refId).toBe(refId);
        expect(request.amountPaise).toBe(amountPaise);
        expect(request.custConvFeePaise).toBe(fee);
        expect(request.params).toEqual(params.map(([name, v]) => ({ name, value: v })));
      },
    ),
    { numRuns: 300 },
  );
});

test('paise → whole rupees → paise is the identity; anything else is refused, never rounded', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (paise) => {
      const rupees = paiseToWholeRupees(paise);
      if (paise % 100 === 0) expect(rupeesToPaise(rupees as number)).toBe(paise);
      else expect(rupees).toBeUndefined();
    }),
    { numRuns: 2000 },
  );
});

test('rupees with at most two decimals (as DIGIT writes them) → exact paise', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 46 }), (paise) => {
      const text = `${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`;
      expect(rupeesToPaise(JSON.parse(text) as number)).toBe(paise);
    }),
    { numRuns: 2000 },
  );
});

test('arbitrary bytes never crash the reader', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      readOrRefuse(() => parseBbps(Buffer.from(bytes)));
    }),
    { numRuns: 1000 },
  );
});

// arbitrary trees: element names from BBPS's own plus hostile ones, attributes, text with markup
const names = fc.constantFrom('ns2:BillPaymentRequest', 'BillFetchRequest', 'Head', 'Txn', 'Tag', 'Amt', '__proto__', 'constructor', 'x:y', 'a');
const tree = treeOf(names);

test('arbitrary element trees never crash the reader, and polluting names pollute nothing', () => {
  fc.assert(
    fc.property(tree, (xml) => {
      readOrRefuse(() => parseBbps(`<?xml version="1.0" encoding="UTF-8"?>${xml}`));
      expect(({} as Record<string, unknown>).refId).toBeUndefined();
    }),
    { numRuns: 1000 },
  );
});
