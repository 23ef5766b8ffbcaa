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

// DIGIT keeps the instrumentDate of these modes and refuses one in its future (INVALID_NEFT_RTGS_DATE,
// reference §4.1); ONLINE/CARD dates are overwritten. A few minutes back absorbs clock skew between us
// and DIGIT without leaving the day in a way that matters (only cheque/DD dates have a 90-day window).
const KEEPS_INSTRUMENT_DATE = new Set(['OFFLINE_NEFT', 'OFFLINE_RTGS']);
export const INSTRUMENT_DATE_SKEW_MS = 5 * 60_000;

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
    instrumentDate: KEEPS_INSTRUMENT_DATE.has(plan.paymentMode) ? nowMs - INSTRUMENT_DATE_SKEW_MS : nowMs,
    paidBy: plan.paidBy,
    payerName: plan.paidBy,
    ...(plan.mobileNumber ? { mobileNumber: plan.mobileNumber } : {}),
    additionalDetails: plan.additionalDetails,
    paymentDetails,
  };
}
