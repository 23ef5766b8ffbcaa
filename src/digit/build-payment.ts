// PostingPlan → the `Payment` of `payments/_create` (reference §4.1, design §3.6). DIGIT takes whole
// rupees only; the core has already refused other amounts (BPR011), so one here is a bug.
import { AppError } from '../core/errors';
import { paiseToWholeRupees } from '../core/money';
import type { PostingPlan } from '../core/types';
import type { PaymentCreate } from './types';

function rupees(paise: number, billId: string): number {
  const r = paiseToWholeRupees(paise);
  if (r === undefined) throw new AppError('INTERNAL', `amount ${paise} paise of bill ${billId} is not whole rupees`);
  return r;
}

export function buildPayment(txnReferenceId: string, instrumentNumber: string, plan: PostingPlan, nowMs: number): PaymentCreate {
  if (plan.bills.length === 0) throw new AppError('INTERNAL', 'posting plan has no bills');
  const paymentDetails = plan.bills.map((b) => {
    const amount = rupees(b.amountPaise, b.billId);
    return { billId: b.billId, businessService: b.businessService, totalDue: amount, totalAmountPaid: amount };
  });
  const total = rupees(
    plan.bills.reduce((s, b) => s + b.amountPaise, 0),
    'total',
  );
  return {
    tenantId: plan.tenantId,
    // DIGIT overwrites totalDue with the bills' totals; the plan knows only what is paid
    totalDue: total,
    totalAmountPaid: total,
    paymentMode: plan.paymentMode,
    transactionNumber: txnReferenceId,
    instrumentNumber,
    instrumentDate: nowMs,
    paidBy: plan.paidBy,
    payerName: plan.paidBy,
    ...(plan.mobileNumber ? { mobileNumber: plan.mobileNumber } : {}),
    additionalDetails: plan.additionalDetails,
    paymentDetails,
  };
}
