// Test data and helpers shared by the conformance cases. Stores may be shared between tests (a file,
// a PostgreSQL schema): every test uses fresh ids and leases leftovers out of its way with `drain`.
import type { Ledger } from '../../../../src/core/ports';
import type { PaymentOutcome, PaymentRequest, PostingPlan, Receipt } from '../../../../src/core/types';

let seq = 0;
/** A fresh, opaque, mixed-case id (BBPS ids are opaque). */
export const uid = (prefix = 'Tx'): string =>
  `${prefix}${Date.now().toString(36)}${(seq++).toString(36)}${Math.random().toString(36).slice(2, 7)}`;

/** Far enough that no test's own times reach it. */
const FAR = 10 * 365 * 24 * 3600 * 1000;

/** Leases every row due now to `ledger` for years: later claimDue calls see only new rows. */
export async function drain(ledger: Ledger): Promise<void> {
  while ((await ledger.claimDue(FAR, 1000)).length > 0);
  while ((await ledger.claimDueOutbox(FAR, 1000)).length > 0);
}

export function paymentRequest(txnReferenceId = uid(), over: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    refId: uid('Ref'),
    msgId: uid('Msg'),
    origInst: 'OU01',
    agentId: 'AGT0001',
    channel: 'INT',
    customerMobile: '98XXXXXX10',
    billerId: 'PBMC00000PUN01',
    params: [
      { name: 'City', value: 'Amritsar' },
      { name: 'Property ID', value: 'PB-PT-2024-01-01-000123' },
      { name: 'Empty', value: '' },
    ],
    txnReferenceId,
    amountPaise: 150_000,
    custConvFeePaise: 0,
    paymentMode: 'UPI',
    quickPay: false,
    billsNamed: [{ billNumber: 'BILL-1', amountPaise: 150_000 }],
    customerName: 'Asha Rani',
    reversal: false,
    ...over,
  };
}

export function postingPlan(billIds: string[] = [uid('Bill')], amountPaise = 150_000): PostingPlan {
  return {
    tenantId: 'pb.amritsar',
    paidBy: 'Asha Rani',
    mobileNumber: '9876543210',
    paymentMode: 'ONLINE',
    bills: billIds.map((billId, i) => ({
      billId,
      billNumber: `BN-${i}-${billId}`,
      businessService: i % 2 ? 'SW' : 'WS',
      consumerCode: `WS/107/2024-25/${i}`,
      amountPaise,
    })),
    additionalDetails: { bbps: { txnReferenceId: 'x', paymentRefId: null, nested: [1, 'two', { three: true }] } },
  };
}

export function receipt(amountPaise: number, billId = uid('Bill')): Receipt {
  return { billId, billNumber: `BN-${billId}`, businessService: 'PT', receiptNumber: `PT/RC/${billId}`, amountPaise };
}

export const succeeded = (...amounts: number[]): PaymentOutcome & { status: 'SUCCESS' } => ({
  status: 'SUCCESS',
  receipts: amounts.map((a) => receipt(a)),
});

export const failedWith = (code = 'BPR008', reason = 'bill already paid'): PaymentOutcome & { status: 'FAILED' } => ({
  status: 'FAILED',
  code,
  reason,
});

/** The token of a lease taken by creating the payment (claimPayment): the first. */
export const CREATOR = 1;

/** Claims a fresh payment leased to `ledger` for `leaseMs` (token CREATOR) and returns its txnReferenceId. */
export async function newPayment(ledger: Ledger, leaseMs = 60_000, over: Partial<PaymentRequest> = {}) {
  const request = paymentRequest(uid(), over);
  const { payment } = await ledger.claimPayment({ request, contentHash: `h-${request.txnReferenceId}`, leaseMs });
  return payment.txnReferenceId;
}

/**
 * A lease's expiry (epoch ms) as the store sets it: `leaseMs` after a moment in [from, to] of its clock.
 * `slack` allows for a database clock read a little apart from this process's (PostgreSQL).
 */
export function expectLeaseFor(nextAttemptAt: number, leaseMs: number, from: number, to: number, slack = 0): void {
  expect(nextAttemptAt).toBeGreaterThanOrEqual(from + leaseMs - slack);
  expect(nextAttemptAt).toBeLessThanOrEqual(to + leaseMs + slack);
}

export const ids = (rows: Array<{ txnReferenceId: string }>): string[] => rows.map((r) => r.txnReferenceId);

/** Resolves to the AppError code a promise rejects with. */
export async function rejectionCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return String((e as { code?: unknown }).code);
  }
  throw new Error('expected a rejection');
}
