import fc from 'fast-check';
import { loadBillersFile } from '../../../src/billers/load';
import { checkSeveralBills, checkSingleBill } from '../../../src/core/amount-rules';
import { paiseToWholeRupees, parsePaise, rupeesToPaise } from '../../../src/core/money';
import { chooseMobile, choosePaidBy, reducePayerName } from '../../../src/core/payer';
import { isValidDigitName } from '../../../src/simulators/digit';
import type { Bill } from '../../../src/core/types';

const [pt, water] = loadBillersFile('config/billers.json');
const bill = (amountPaise: number): Bill => ({
  billId: 'b', billNumber: 'n', consumerCode: 'c', businessService: 'PT', tenantId: 'pb.amritsar', amountPaise,
  fractional: amountPaise % 100 !== 0, customerName: 'A', billDate: '2026-01-01', dueDate: '2026-02-01', billPeriod: 'NA', expiresAt: 0,
});

describe('amount rules (design §3.6)', () => {
  const byId = { PT: pt, WATER: water };
  test.each([
    ['PT', 150000, 150000, true],
    ['PT', 150000, 10000, true], // part payment at the minimum
    ['PT', 150000, 9900, false], // below the minimum
    ['PT', 5000, 5000, true], // the minimum is the smaller of the configured one and the amount due
    ['PT', 150000, 150100, false], // no advance
    ['PT', 150000, 150050, false], // not whole rupees
    ['WATER', 48000, 40000, false], // exact only
    ['WATER', 48000, 48000, true],
  ] as const)('%s: %p paise due, %p paid → payable: %p', (biller, due, paid, ok) => {
    expect(checkSingleBill(byId[biller], bill(due), paid).ok).toBe(ok);
  });
  test('several bills must each be paid in full', () => {
    expect(checkSeveralBills([bill(48000), bill(12000)], 60000).ok).toBe(true);
    expect(checkSeveralBills([bill(48000), bill(12000)], 59900).ok).toBe(false);
  });
});

describe('money conversions never round', () => {
  test('paise strings: exactly 1-18 ASCII digits', () => {
    expect(parsePaise('150000')).toBe(150000);
    for (const bad of ['', '1.00', '-1', '+1', ' 1', '1e3', '١٢', '1,000', '0x10']) expect(parsePaise(bad)).toBeUndefined();
  });
  test('rupees ↔ paise round-trip exactly for any 2-decimal amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 12 }), (paise) => {
        const rupees = Number(`${Math.floor(paise / 100)}.${String(paise % 100).padStart(2, '0')}`);
        expect(rupeesToPaise(rupees)).toBe(paise);
        expect(paiseToWholeRupees(paise)).toBe(paise % 100 === 0 ? paise / 100 : undefined);
      }),
    );
    expect(rupeesToPaise(0.29)).toBe(29);
    expect(rupeesToPaise(1234.567)).toBeUndefined();
  });
});

describe('paidBy for DIGIT', () => {
  test('names are reduced to what DIGIT accepts', () => {
    expect(reducePayerName('A. K. Sharma')).toBe('A. K. Sharma');
    expect(reducePayerName("D'Souza, Maria 2nd")).toBe("D'Souza Maria nd");
    expect(reducePayerName('1234')).toBeUndefined();
    expect(choosePaidBy('XXXXXXXXXX', 'Ramesh Kumar')).toBe('Ramesh Kumar');
    expect(choosePaidBy(undefined, '')).toBe('BBPS');
  });
  test('whatever the input, the result passes DIGIT’s pattern, in linear time', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 50 }), (a, b) => {
        expect(isValidDigitName(choosePaidBy(a, b))).toBe(true);
      }),
    );
    // found by the property above: a separator kept for the space that followed it, then trimmed
    expect(choosePaidBy('A_ ', '')).toBe('A');
    expect(choosePaidBy(`${'a'.repeat(127)}_ b`, undefined)).toBe('a'.repeat(127));
    const hostile = 'a'.repeat(5000) + '!';
    expect(isValidDigitName(choosePaidBy(hostile, undefined))).toBe(true);
  });
  test('a mobile number only when valid and unmasked', () => {
    expect(chooseMobile('99XXXXX999', '9876543210')).toBe('9876543210');
    expect(chooseMobile('1234567890', undefined)).toBeUndefined();
  });
});
