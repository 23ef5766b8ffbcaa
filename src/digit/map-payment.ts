// DIGIT Payment (collection-services, §4.4/§4.6) → receipts and DigitPaymentFound, amounts exact.
import type { DigitPaymentFound } from '../core/ports';
import { rupeesToPaise } from '../core/money';
import type { Receipt } from '../core/types';
import { Unreadable, arr, num, obj, optNum, optStr, str } from './read';

function paise(v: unknown, what: string): number {
  const p = rupeesToPaise(num(v, what));
  if (p === undefined) throw new Unreadable(`unreadable amount in ${what}`);
  return p;
}

/** One receipt per paymentDetail; the bill number comes from the embedded collection-side bill. */
export function receiptsOf(rawPayment: unknown): Receipt[] {
  const p = obj(rawPayment, 'Payment');
  return arr(p.paymentDetails, 'paymentDetails').map((raw, i) => {
    const d = obj(raw, `paymentDetails[${i}]`);
    const bill = d.bill === undefined || d.bill === null ? {} : obj(d.bill, `paymentDetails[${i}].bill`);
    return {
      billId: str(d.billId, 'billId'),
      billNumber: optStr(bill.billNumber) ?? '',
      businessService: optStr(d.businessService) || optStr(bill.businessService) || '',
      receiptNumber: str(d.receiptNumber, 'receiptNumber'),
      amountPaise: paise(d.totalAmountPaid, 'paymentDetails.totalAmountPaid'),
    };
  });
}

export function mapPaymentFound(raw: unknown): DigitPaymentFound {
  const p = obj(raw, 'Payment');
  return {
    paymentId: str(p.id, 'id'),
    tenantId: str(p.tenantId, 'tenantId'),
    transactionNumber: optStr(p.transactionNumber) ?? '',
    paymentStatus: optStr(p.paymentStatus) ?? '',
    instrumentStatus: optStr(p.instrumentStatus) ?? '',
    totalPaise: paise(p.totalAmountPaid, 'totalAmountPaid'),
    receipts: receiptsOf(p),
    transactionDate: optNum(p.transactionDate) ?? 0,
    additionalDetails: p.additionalDetails ?? null,
  };
}
