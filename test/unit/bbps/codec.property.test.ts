// Properties of the codec and the money mapping (fast-check; a failure prints its seed and the
// shrunk counterexample): a valid payment message reads back exactly what was written; paise ⇄ rupees
// never lose or invent a paisa; arbitrary bytes and arbitrary element trees never crash the reader —
// they are read or refused with an AppError, nothing else.
import fc from 'fast-check';
import { parseBbps, toPaymentRequest } from '../../../src/bbps';
import { isAppError } from '../../../src/core/errors';
import { paiseToWholeRupees, rupeesToPaise } from '../../../src/core/money';
import { paymentXml } from '../../support/messages';

const idChars = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789');
const id = (n: number) => fc.string({ unit: idChars, minLength: n, maxLength: n });
// parameter values as channels send them: any printable text, markup characters and non-ASCII included
const value = fc.string({ unit: fc.oneof(fc.constantFrom(...'<>&"\' -/._'), fc.constantFrom(...'abcXYZ019'), fc.constantFrom('ā', 'ਅ', '₹', '漢')), minLength: 1, maxLength: 40 }).filter((s) => s.trim() === s && s.trim() !== '');
const paramName = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghij'), minLength: 1, maxLength: 20 }).filter((s) => s.trim() === s && s !== '');

test('a valid payment message reads back exactly what was written', () => {
  fc.assert(
    fc.property(
      id(20),
      id(35),
      fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
      fc.integer({ min: 0, max: 10_000_000 }),
      fc.uniqueArray(fc.tuple(paramName, value), { minLength: 1, maxLength: 5, selector: ([n]) => n }),
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

const readOrRefuse = (body: string | Buffer) => {
  try {
    parseBbps(body);
  } catch (e) {
    if (!isAppError(e)) throw new Error(`not an AppError: ${(e as Error)?.stack ?? String(e)}`);
  }
};

test('arbitrary bytes never crash the reader', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => readOrRefuse(Buffer.from(bytes))),
    { numRuns: 1000 },
  );
});

// arbitrary trees: element names from BBPS's own plus hostile ones, attributes, text with markup
const names = fc.constantFrom('ns2:BillPaymentRequest', 'BillFetchRequest', 'Head', 'Txn', 'Tag', 'Amt', '__proto__', 'constructor', 'x:y', 'a');
const attrs = fc.array(fc.tuple(fc.constantFrom('refId', 'name', 'value', 'amount', '__proto__', 'xmlns', 'xmlns:ns2', 'xml:lang'), fc.string({ maxLength: 8 })), { maxLength: 4 });
const tree = fc.letrec((tie) => ({
  node: fc.tuple(names, attrs, fc.array(fc.oneof(fc.string({ maxLength: 8 }), tie('node')), { maxLength: 4 })).map(([n, as, kids]) => {
    const at = as.map(([k, v]) => ` ${k}="${v.replace(/[&<"]/g, '')}"`).join('');
    return `<${n}${at}>${(kids as string[]).join('')}</${n}>`;
  }),
})).node as fc.Arbitrary<string>;

test('arbitrary element trees never crash the reader, and polluting names pollute nothing', () => {
  fc.assert(
    fc.property(tree, (xml) => {
      readOrRefuse(`<?xml version="1.0" encoding="UTF-8"?>${xml}`);
      expect(({} as Record<string, unknown>).refId).toBeUndefined();
    }),
    { numRuns: 1000 },
  );
});
