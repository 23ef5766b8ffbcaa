// PaymentService.createPayment: validate, enrich (statuses, receipts, CASH txn id), apportion,
// payer citizen, persist under UNIQUE(billId), then billing consumes it asynchronously.
import { randomUUID } from 'node:crypto';
import { rupees, toPaise } from '../amounts';
import { apportion } from '../billing/apportion';
import { applyPayment } from '../billing/mark-paid';
import type { SandboxContext } from '../context';
import { customError } from '../errors';
import type { PaymentDetailRecord, PaymentRecord, SandboxUserRecord } from '../types';
import { parsePaymentRequest } from './parse-payment';
import { collectionBillJson, decimalJson } from './payment-view';
import { cashTransactionNumber, nextReceiptNumber } from './receipts';
import { isOnlineMode, resolveBills, validatePayment } from './validate-payment';

/**
 * The other services _create calls between validation and insert (apportion, egov-user, idgen) take
 * real time, during which concurrent requests for the same bill also pass validation.
 */
const downstreamCalls = (ms: number) =>
  new Promise<void>((resolve) => (ms > 0 ? setTimeout(resolve, ms).unref() : setImmediate(resolve)));

export type PaymentDraft = Omit<PaymentRecord, 'seq'>;

/** Everything before the insert: validation and enrichment (consumes receipt numbers). */
export function preparePayment(ctx: SandboxContext, body: Record<string, unknown>, user: SandboxUserRecord): PaymentDraft {
  const state = ctx.state;
  const p = parsePaymentRequest(body);
  const bills = resolveBills(state, p, user);
  const now = ctx.now();
  validatePayment(state, p, user, bills, now);

  const online = isOnlineMode(p.paymentMode);
  const transactionNumber = p.paymentMode === 'CASH' ? cashTransactionNumber(p.tenantId) : p.transactionNumber;
  const audit = { createdBy: String(user.id), createdTime: now, lastModifiedBy: String(user.id), lastModifiedTime: now };
  const paymentId = randomUUID();
  const details: PaymentDetailRecord[] = [];
  const detailJson = (p.details ?? []).map((d) => {
    const { bill, master } = bills.get(d.billId)!;
    // validation passed: whole rupees, so exact paise
    const paidPaise = toPaise(d.paid) ?? 0;
    const split = apportion(bill, paidPaise);
    // idgen runs before the insert: a failed insert leaves a gap in the receipt series, as in DIGIT
    const receiptNumber = nextReceiptNumber(state, bill.businessService, bill.tenantId, now);
    details.push({ billId: bill.id, consumerCode: bill.consumerCode, businessService: bill.businessService, receiptNumber, paidPaise, adjustments: split.adjustments });
    return {
      id: randomUUID(),
      paymentId: null,
      tenantId: p.tenantId,
      totalDue: rupees(bill.totalPaise),
      totalAmountPaid: decimalJson(d.paid),
      receiptNumber,
      manualReceiptNumber: (d.raw.manualReceiptNumber as string | undefined) ?? null,
      manualReceiptDate: (d.raw.manualReceiptDate as number | undefined) ?? null,
      receiptDate: now,
      receiptType: 'BILLBASED',
      businessService: bill.businessService,
      billId: bill.id,
      bill: collectionBillJson(bill, master, p.paidBy, paidPaise, split),
      additionalDetails: d.raw.additionalDetails ?? null,
      auditDetails: { ...audit },
    };
  });
  const totalDuePaise = [...bills.values()].reduce((s, b) => s + b.bill.totalPaise, 0);
  // egov-user: an EMPLOYEE/SYSTEM collector's payer becomes (or is found as) a citizen by mobile
  const payerId = user.type === 'CITIZEN' ? user.uuid : p.mobileNumber ? state.citizenFor(p.mobileNumber, p.paidBy).uuid : null;
  const raw = p.raw;
  const json = {
    id: paymentId,
    tenantId: p.tenantId,
    totalDue: rupees(totalDuePaise),
    totalAmountPaid: decimalJson(p.totalAmountPaid),
    transactionNumber,
    transactionDate: now,
    paymentMode: p.paymentMode,
    instrumentDate: online || p.paymentMode === 'CASH' ? now : p.instrumentDate,
    instrumentNumber: p.instrumentNumber,
    instrumentStatus: online ? ('REMITTED' as const) : ('APPROVED' as const),
    ifscCode: (raw.ifscCode as string | undefined) ?? null,
    auditDetails: audit,
    additionalDetails: raw.additionalDetails ?? null,
    paymentDetails: detailJson,
    paidBy: p.paidBy,
    mobileNumber: p.mobileNumber,
    payerName: (raw.payerName as string | undefined) ?? null,
    payerAddress: (raw.payerAddress as string | undefined) ?? null,
    payerEmail: (raw.payerEmail as string | undefined) ?? null,
    payerId,
    paymentStatus: online ? ('DEPOSITED' as const) : ('NEW' as const),
    fileStoreId: null as string | null,
  };
  return {
    id: paymentId,
    tenantId: p.tenantId,
    transactionNumber: transactionNumber ?? '',
    transactionDate: now,
    paymentMode: p.paymentMode,
    mobileNumber: p.mobileNumber,
    payerId,
    details,
    json,
    markApplied: false,
  };
}

/** The insert (UNIQUE(billId), NOT NULL transactionNumber), then billing is told asynchronously. */
export function commitPayment(ctx: SandboxContext, draft: PaymentDraft, markPaidLater = true): PaymentRecord {
  const state = ctx.state;
  if (draft.json.transactionNumber === null) {
    throw customError('PAYMENT_CREATION_FAILED', 'ERROR: null value in column "transactionnumber" violates not-null constraint');
  }
  const record = state.insertPayment(draft);
  if (!record) {
    const details = draft.details;
    const taken = details.find((d) => state.paidBillIds.has(d.billId));
    throw customError(
      'PAYMENT_CREATION_FAILED',
      `ERROR: duplicate key value violates unique constraint "uk_egcl_paymentdetail"\n  Detail: Key (billid)=(${taken?.billId}) already exists.`,
    );
  }
  // Kafka egov.collection.payment-create → billing, some time later
  if (markPaidLater) ctx.scheduler.after(ctx.markPaidDelayMs, () => applyPayment(state, record, ctx.now()));
  return record;
}

export async function createPayment(ctx: SandboxContext, body: Record<string, unknown>, user: SandboxUserRecord): Promise<PaymentRecord> {
  const draft = preparePayment(ctx, body, user);
  await downstreamCalls(ctx.createCommitDelayMs);
  const record = commitPayment(ctx, draft);
  ctx.state.counters.createSucceeded += 1;
  return record;
}
