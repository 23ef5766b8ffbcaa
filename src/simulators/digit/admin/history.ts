// Payments made outside the adapter: seeded history and "someone else paid at the counter".
import { randomUUID } from 'node:crypto';
import { applyPayment } from '../billing/mark-paid';
import { generateBill, isBillExpired } from '../billing/generate';
import { commitPayment, preparePayment } from '../collection/create-payment';
import type { SandboxContext } from '../context';
import { customError } from '../errors';
import { rupees } from '../amounts';
import type { BillRecord, PaymentMode, PaymentRecord } from '../types';

export interface ConsumerRef {
  tenantId: string;
  businessService: string;
  consumerCode: string;
}

export interface OtherPaymentOptions {
  /** rupees; default the bill's total */
  amount?: number;
  /** default CASH, as at a municipal counter */
  paymentMode?: PaymentMode;
  transactionNumber?: string;
  paidBy?: string;
  mobileNumber?: string;
  /** free JSON stored with the payment (a BBPS adapter's `{"bbps":{…}}`) */
  additionalDetails?: unknown;
}

/** The consumer's current ACTIVE unexpired bill, generated if needed (what a clerk's fetch does). */
export function currentBill(ctx: SandboxContext, ref: ConsumerRef): BillRecord | undefined {
  const key = `${ref.tenantId}|${ref.businessService}|${ref.consumerCode}`;
  const now = ctx.now();
  const latest = ctx.state.latestBill(key);
  if (latest?.status === 'ACTIVE' && !isBillExpired(latest, now)) return latest;
  if (latest?.status === 'ACTIVE') latest.status = 'EXPIRED';
  return generateBill(ctx.state, key, now, ctx.users.counterClerk.uuid ?? '');
}

/** Posts a payment through the full _create rules as the counter clerk; throws DIGIT's errors. */
export function payAsSomeoneElse(
  ctx: SandboxContext,
  target: { billId: string } | ConsumerRef,
  opts: OtherPaymentOptions = {},
  markPaidLater = true,
): PaymentRecord {
  const bill = 'billId' in target ? ctx.state.bills.get(target.billId) : currentBill(ctx, target);
  if (!bill) throw customError('INVALID_BILL_ID', 'Bill IDs provided does not exist or is in an invalid state');
  const mode = opts.paymentMode ?? 'CASH';
  const txn = opts.transactionNumber ?? `COUNTER-${randomUUID().slice(0, 8)}`;
  const body = {
    Payment: {
      tenantId: bill.tenantId,
      totalAmountPaid: opts.amount ?? rupees(bill.totalPaise),
      paymentMode: mode,
      transactionNumber: txn,
      instrumentNumber: txn,
      instrumentDate: ctx.now(),
      paidBy: opts.paidBy ?? bill.payer.name,
      mobileNumber: opts.mobileNumber ?? bill.payer.mobileNumber,
      paymentDetails: [{ billId: bill.id, totalAmountPaid: opts.amount ?? rupees(bill.totalPaise) }],
      ...(opts.additionalDetails === undefined ? {} : { additionalDetails: opts.additionalDetails }),
    },
  };
  return commitPayment(ctx, preparePayment(ctx, body, ctx.users.counterClerk), markPaidLater);
}

/** Seed history: the consumer's dues paid in full online and already consumed by billing. */
export function seedPaidInFull(ctx: SandboxContext, ref: ConsumerRef): void {
  const record = payAsSomeoneElse(ctx, ref, { paymentMode: 'ONLINE', transactionNumber: `PG-HIST-${ref.consumerCode}` }, false);
  applyPayment(ctx.state, record, ctx.now());
}
