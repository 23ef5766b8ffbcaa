// JSON bodies of the API (schemas/openapi.json): amounts integer paise in `…Paise`, times ISO 8601
// with the IST offset, dates yyyy-MM-dd (Asia/Kolkata).
import type { BillerConfig } from '../../billers/types';
import type { ApiPaymentRef } from '../../core/api-store';
import { istTimestamp } from '../../core/dates';
import { outcomeCode } from '../../core/outcome-codes';
import type { DigitPaymentFound } from '../../core/ports';
import type { Bill, PaymentOutcome, PaymentRequest, Receipt } from '../../core/types';

export function billerView(b: BillerConfig) {
  const tenant = 'fromParam' in b.tenant ? b.tenant : undefined;
  return {
    billerId: b.billerId,
    name: b.name,
    businessServices: b.businessServices,
    customerParams: b.customerParams.map((p) => ({
      name: p.name,
      role: p.role,
      ...(p.regex ? { regex: p.regex.source } : {}),
      optional: p.optional,
      ...(tenant && tenant.fromParam === p.name ? { values: Object.keys(tenant.values) } : {}),
    })),
    paymentRules: {
      exactness: b.exactness,
      partPaymentAllowed: b.partPaymentAllowed,
      advanceAllowed: b.advanceAllowed,
      minimumAmountPaise: b.minimumAmountPaise,
      wholeRupeesOnly: true,
    },
  };
}

export const billView = (b: Bill) => ({
  billNumber: b.billNumber,
  consumerCode: b.consumerCode,
  businessService: b.businessService,
  amountPaise: b.amountPaise,
  billDate: b.billDate,
  dueDate: b.dueDate,
  billPeriod: b.billPeriod,
  customerName: b.customerName,
});

const receiptView = (r: Receipt) => ({ billNumber: r.billNumber, receiptNumber: r.receiptNumber, amountPaise: r.amountPaise, businessService: r.businessService });

/** SUCCESS or PENDING (a failure is a problem document, see payment-answer.ts). */
export function paymentResultView(ref: ApiPaymentRef, request: PaymentRequest, outcome: PaymentOutcome) {
  return {
    clientReference: ref.clientReference,
    txnReferenceId: ref.txnReferenceId,
    billerId: request.billerId,
    status: outcome.status,
    amountPaise: request.amountPaise,
    receipts: outcome.status === 'SUCCESS' ? outcome.receipts.map(receiptView) : [],
    createdAt: istTimestamp(ref.createdAt),
  };
}

export function transactionView(ref: ApiPaymentRef, request: PaymentRequest, outcome: PaymentOutcome) {
  return {
    ...paymentResultView(ref, request, outcome),
    ...(outcome.status === 'FAILED' ? { failure: { code: outcomeCode(outcome.code), detail: outcome.reason } } : {}),
  };
}

export function digitReceiptViews(found: DigitPaymentFound[]) {
  return found.flatMap((p) => p.receipts.map((r) => ({
    receiptNumber: r.receiptNumber,
    billNumber: r.billNumber,
    businessService: r.businessService,
    amountPaise: r.amountPaise,
    tenantId: p.tenantId,
    paymentId: p.paymentId,
    paymentStatus: p.paymentStatus,
    instrumentStatus: p.instrumentStatus,
    transactionDate: istTimestamp(p.transactionDate),
  })));
}
