// Amount rules of design §3.6 against the current bill. Returns a BPR code or undefined when payable.
import type { BillerConfig } from '../billers/types';
import type { Bill } from './types';

export type AmountVerdict = { ok: true } | { ok: false; code: 'BPR011'; reason: string };

const refuse = (reason: string): AmountVerdict => ({ ok: false, code: 'BPR011', reason });

/** One bill paid by `amountPaise`. */
export function checkSingleBill(biller: BillerConfig, bill: Bill, amountPaise: number): AmountVerdict {
  if (amountPaise % 100 !== 0) return refuse('DIGIT accepts whole rupees only');
  if (amountPaise <= 0) return refuse('amount must be positive');
  const due = bill.amountPaise;
  if (amountPaise < due) {
    if (!biller.partPaymentAllowed) return refuse('part payment is not allowed');
    const minimum = Math.min(biller.minimumAmountPaise, due);
    if (amountPaise < minimum) return refuse('amount is below the minimum payable');
  }
  if (amountPaise > due && !biller.advanceAllowed) return refuse('amount exceeds the amount due');
  return { ok: true };
}

/** Several bills in one payment: each paid in full, the total equal to their sum (design §3.8). */
export function checkSeveralBills(bills: Bill[], amountPaise: number): AmountVerdict {
  const sum = bills.reduce((s, b) => s + b.amountPaise, 0);
  if (amountPaise !== sum) return refuse('several bills must each be paid in full');
  if (bills.some((b) => b.amountPaise % 100 !== 0 || b.amountPaise <= 0)) return refuse('DIGIT accepts whole rupees only');
  return { ok: true };
}
