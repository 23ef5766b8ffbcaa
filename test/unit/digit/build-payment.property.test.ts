// paise → DIGIT rupees on the way out (payments/_create): whatever whole-rupee amounts a plan holds, the
// JSON DIGIT receives reads back to exactly those paise, per bill and in total; an amount that is not
// whole rupees is refused, never rounded (the core answers BPR011 before; here it would be a bug).
import fc from 'fast-check';
import { buildPayment } from '../../../src/digit/build-payment';
import { AppError } from '../../../src/core/errors';
import { rupeesToPaise } from '../../../src/core/money';
import type { PostingPlan } from '../../../src/core/types';

const planOf = (amounts: number[]): PostingPlan => ({
  tenantId: 'pb.amritsar',
  paidBy: 'A K SHARMA',
  paymentMode: 'ONLINE',
  bills: amounts.map((amountPaise, i) => ({ billId: `b-${i}`, billNumber: `N-${i}`, businessService: 'PT', consumerCode: `C-${i}`, amountPaise })),
  additionalDetails: {},
});
// a total that stays a safe integer of paise: up to 10^12 rupees per bill, 5 bills
const wholeRupees = fc.integer({ min: 0, max: 1e12 }).map((r) => r * 100);

test('any whole-rupee plan reaches DIGIT as rupees that read back to exactly its paise', () => {
  fc.assert(
    fc.property(fc.array(wholeRupees, { minLength: 1, maxLength: 5 }), (amounts) => {
      const sent = JSON.parse(JSON.stringify(buildPayment('TXN1', 'TXN1', planOf(amounts), 0))) as { totalAmountPaid: number; totalDue: number; paymentDetails: Array<{ totalAmountPaid: number; totalDue: number }> };
      expect(sent.paymentDetails.map((d) => rupeesToPaise(d.totalAmountPaid))).toEqual(amounts);
      expect(sent.paymentDetails.map((d) => rupeesToPaise(d.totalDue))).toEqual(amounts);
      expect(rupeesToPaise(sent.totalAmountPaid)).toBe(amounts.reduce((s, a) => s + a, 0));
    }),
    { numRuns: 1000 },
  );
});

test('a bill of any amount that is not whole rupees is refused, never rounded', () => {
  fc.assert(
    fc.property(fc.array(wholeRupees, { maxLength: 3 }), fc.integer({ min: 1, max: 1e12 }).filter((p) => p % 100 !== 0), (whole, odd) => {
      let caught: unknown;
      try {
        buildPayment('TXN1', 'TXN1', planOf([...whole, odd]), 0);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe('INTERNAL');
    }),
    { numRuns: 1000 },
  );
});
