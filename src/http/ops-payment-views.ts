// What the operators see of a payment (GET /ops/payments…, the console): ids, state, money, receipts,
// attempts and the messages — every text that could hold a mobile number masked as in the logs (the
// customer parameters, the note, the BBPS message bodies); names are left out.
import type { PaymentDetail } from '../core/payment-detail';
import type { PaymentRecord } from '../core/ports';
import { maskMobiles } from '../observability/mask';

const receiptsOf = (p: PaymentRecord) => (p.outcome?.status === 'SUCCESS' ? p.outcome.receipts : []);

export function paymentSummaryView(p: PaymentRecord) {
  const receipts = receiptsOf(p);
  return {
    txnReferenceId: p.txnReferenceId,
    refId: p.refId,
    billerId: p.billerId,
    state: p.state,
    reversed: p.reversedAt !== undefined,
    amountPaise: p.request.amountPaise,
    paidPaise: p.outcome?.status === 'SUCCESS' ? receipts.reduce((s, r) => s + r.amountPaise, 0) : null,
    consumerCodes: (p.plan?.bills ?? []).map((b) => maskMobiles(b.consumerCode)),
    receiptNumbers: receipts.map((r) => r.receiptNumber),
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function paymentDetailView(d: PaymentDetail) {
  const p = d.payment;
  return {
    ...paymentSummaryView(p),
    msgId: p.msgId,
    paymentMode: p.request.paymentMode,
    customerParams: p.request.params.map((c) => ({ name: c.name, value: maskMobiles(c.value) })),
    customerMobile: p.request.customerMobile === undefined ? null : maskMobiles(p.request.customerMobile),
    attempts: p.attempts,
    lastPostAt: p.lastPostAt ?? null,
    lastError: p.note === undefined ? (p.outcome?.status === 'FAILED' ? `${p.outcome.code}: ${p.outcome.reason}` : null) : maskMobiles(p.note),
    outcome: p.outcome?.status === 'FAILED' ? { status: 'FAILED', code: p.outcome.code, reason: p.outcome.reason } : p.outcome ? { status: p.outcome.status } : null,
    bills: (p.plan?.bills ?? []).map((b) => ({ billId: b.billId, billNumber: b.billNumber, businessService: b.businessService, consumerCode: maskMobiles(b.consumerCode), amountPaise: b.amountPaise })),
    tenantId: p.plan?.tenantId ?? null,
    receipts: receiptsOf(p),
    reversalRequested: p.reversalRequested,
    reversedAt: p.reversedAt ?? null,
    unresolved: d.unresolved,
    history: d.history.map((e) => ({ ...e, what: maskMobiles(e.what) })),
    historyNote: HISTORY_NOTE,
    messages: d.messages.map((m) => ({
      id: m.id, at: m.at, direction: m.direction, api: m.api, refId: m.refId, msgId: m.msgId ?? null, outcome: m.outcome ?? null, body: maskMobiles(m.body),
    })),
  };
}

export const HISTORY_NOTE =
  'The state history is read from what the ledger records for every payment — when it was received, when its latest DIGIT attempt started, ' +
  'the unknown-outcome note, its last change, its reversal — and from the times of its BBPS messages; a transition between them is not stored on its own.';
