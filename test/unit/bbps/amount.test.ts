// Amt/@amount: 1-18 ASCII digits of paise and nothing else (design §7), checked through real XML.
import fc from 'fast-check';
import { parseBbps, toPaymentRequest } from '../../../src/bbps';
import { expectAppError, paymentXml } from './support';

const DIGITS = /^[0-9]{1,18}$/;
const escapeAttr = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const paymentWithAmount = (amount: string) =>
  toPaymentRequest(parseBbps(paymentXml({ amount: `<Amount><Amt amount="${escapeAttr(amount)}" custConvFee="0"/></Amount>` }))).request;

describe('Amt/@amount', () => {
  it.each([
    ['empty', ''],
    ['decimal rupees', '100.00'],
    ['a trailing decimal point', '100.'],
    ['a sign', '+100'],
    ['a minus sign', '-100'],
    ['a leading space', ' 100'],
    ['a trailing space', '100 '],
    ['an exponent', '1e5'],
    ['a thousands separator', '1,000'],
    ['an Indian separator', '1,00,000'],
    ['an underscore', '1_000'],
    ['hex', '0x10'],
    ['19 digits', '1234567890123456789'],
    ['fullwidth digits', '１００'],
    ['Devanagari digits', '१००'],
    ['Arabic-Indic digits', '١٠٠'],
    ['a character reference to a digit', '&#49;00'],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
  ])('refuses %s', (_name, amount) => {
    expectAppError(() => paymentWithAmount(amount), 'REQUEST_INVALID', /Amt\/@amount/);
  });

  it('accepts leading zeros and 18 digits; beyond 2^53 the amount is NaN (never payable, core answers BPR011)', () => {
    expect(paymentWithAmount('000100').amountPaise).toBe(100);
    expect(paymentWithAmount('0').amountPaise).toBe(0);
    expect(paymentWithAmount('9007199254740991').amountPaise).toBe(9007199254740991);
    expect(paymentWithAmount('999999999999999999').amountPaise).toBeNaN();
  });

  it('refuses every string that is not 1-18 ASCII digits (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 24 }),
          fc.string({ unit: fc.constantFrom(...'0123456789.,+- eE_\u0660\u0966\uFF10'), maxLength: 24 }),
          fc.stringMatching(/^[0-9]{19,24}$/),
        ),
        (s) => {
          fc.pre(!DIGITS.test(s));
          expect(() => paymentWithAmount(s)).toThrow(expect.objectContaining({ code: 'REQUEST_INVALID' }));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('accepts every string of 1-18 ASCII digits exactly (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(DIGITS), (s) => {
        const n = Number(s);
        const paise = paymentWithAmount(s).amountPaise;
        if (Number.isSafeInteger(n)) expect(paise).toBe(n);
        else expect(paise).toBeNaN();
      }),
      { numRuns: 400 },
    );
  });
});
