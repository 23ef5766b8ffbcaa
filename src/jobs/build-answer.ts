// The response message for one accepted request, from its use case's outcome (undefined: the outcome
// is not known yet — a payment or status whose DIGIT outcome is unknown, a reversal being decided).
import {
  buildFetchResponse, buildPaymentResponse, buildTxnStatusResponse, buildValidationResponse, parseBbps,
  toFetchRequest, toPaymentRequest, toTxnStatusRequest, toValidationRequest, type PaymentEcho,
} from '../bbps';
import type { XmlLimits } from '../bbps/limits';
import type { FetchBill } from '../core/fetch-bill';
import type { PayBill } from '../core/pay-bill';
import type { Clock } from '../core/ports';
import type { ReversalResult, ReversePayment } from '../core/reverse-payment';
import type { TxnStatus } from '../core/txn-status';
import type { PaymentOutcome, PaymentRequest } from '../core/types';
import { buildStatusNotFound } from './status-not-found';
import type { ValidateBill } from '../core/validate-bill';
import type { OpsLog } from './ops-log';
import type { WorkBody } from './work-item';

export interface UseCases {
  fetchBill: FetchBill;
  payBill: PayBill;
  validateBill: ValidateBill;
  txnStatus: TxnStatus;
  reversePayment: ReversePayment;
}

export interface AnswerDeps extends UseCases {
  opsLog: OpsLog;
  clock: Clock;
  ouId: string;
  /** how long one payment attempt may wait for DIGIT before the work is retried later */
  paymentDeadlineMs: number;
}

export interface Answer {
  xml: string;
  /** short outcome for the message log: 000 or the compliance code */
  outcome: string;
}

/**
 * A stored request was read once by its route under the limits of that moment, then Acked: it is
 * read again whole, whatever BBPS_MAX_BODY_BYTES and the structural limits are now (a body between
 * the default and a raised limit, or a limit lowered since a restart, would otherwise be Acked and
 * never answered). The guard's character and markup checks still run.
 */
const ACCEPTED: XmlLimits = Object.freeze({ maxDepth: Infinity, maxAttributes: Infinity, maxElements: Infinity, maxValueChars: Infinity, maxReferences: Infinity });

export async function buildAnswer(deps: AnswerDeps, work: WorkBody): Promise<Answer | undefined> {
  const doc = parseBbps(work.xml, { expect: work.api, maxBytes: Infinity, limits: ACCEPTED });
  const o = () => ({ ouId: deps.ouId, now: deps.clock.now() });
  switch (work.api) {
    case 'BillFetchRequest': {
      const { request, echo } = toFetchRequest(doc);
      const outcome = await deps.fetchBill.execute(request);
      return { xml: buildFetchResponse(echo, outcome, o()), outcome: outcome.ok ? '000' : outcome.code };
    }
    case 'BillValidationRequest': {
      const { request, echo } = toValidationRequest(doc);
      const r = await deps.validateBill.execute(request);
      const xml = buildValidationResponse(echo, r.ok ? { ok: true, approvalRefNum: r.approvalRefNum } : r, o());
      return { xml, outcome: r.ok ? '000' : r.code };
    }
    case 'TxnStatusRequest': {
      const { query, echo } = toTxnStatusRequest(doc);
      const r = await deps.txnStatus.execute(query.txnReferenceId);
      if (!r.found) return { xml: buildStatusNotFound(echo, query.txnReferenceId, query.msgId, o()), outcome: 'NOT_FOUND' };
      if (r.outcome.status === 'PENDING') return undefined;
      return { xml: buildTxnStatusResponse(echo, { request: r.request, outcome: r.outcome }, o()), outcome: codeOf(r.outcome) };
    }
    case 'BillPaymentRequest': {
      const { request, echo } = toPaymentRequest(doc);
      if (request.reversal) return reversal(deps, request, echo);
      const outcome = await deps.payBill.execute(request, deps.clock.now() + deps.paymentDeadlineMs);
      if (outcome.status === 'PENDING') return undefined;
      return { xml: buildPaymentResponse(echo, outcome, { ...o(), reversal: false }), outcome: codeOf(outcome) };
    }
  }
}

const codeOf = (outcome: PaymentOutcome) => (outcome.status === 'FAILED' ? outcome.code : '000');

async function reversal(deps: AnswerDeps, request: PaymentRequest, echo: PaymentEcho): Promise<Answer | undefined> {
  const r: ReversalResult = await deps.reversePayment.execute(request);
  if (r.kind === 'PENDING') return undefined;
  const o = { ouId: deps.ouId, now: deps.clock.now(), reversal: true };
  const entry = {
    txnReferenceId: request.txnReferenceId, refId: request.refId, billerId: request.billerId, amountPaise: request.amountPaise, at: deps.clock.now(),
  };
  if (r.kind === 'NOT_POSTED') {
    await deps.opsLog.reversal({ ...entry, result: 'NOT_POSTED', note: r.note, receipts: [] });
    // nothing was posted, so there is no receipt: approvalRefNum restates the BBPS transaction id
    const receipt = {
      billId: '', businessService: '', receiptNumber: request.txnReferenceId, amountPaise: request.amountPaise,
      billNumber: echo.billerResponses[0]?.billNumber ?? '',
    };
    return { xml: buildPaymentResponse(echo, { status: 'SUCCESS', receipts: [receipt] }, o), outcome: '000' };
  }
  const receipts = r.receipts.map(({ receiptNumber, billNumber, amountPaise, businessService }) => ({ receiptNumber, billNumber, amountPaise, businessService }));
  if (r.kind === 'CANCELLED') {
    await deps.opsLog.reversal({ ...entry, result: 'CANCELLED_IN_DIGIT', note: "cancelled through DIGIT's payment workflow", receipts });
    // reversed: approvalRefNum restates the receipt that was cancelled
    return { xml: buildPaymentResponse(echo, { status: 'SUCCESS', receipts: r.receipts }, o), outcome: '000' };
  }
  await deps.opsLog.reversal({ ...entry, result: 'POSTED_MANUAL', note: `posted in DIGIT; to be reversed by the operators (${r.why})`, receipts });
  const outcome = { status: 'FAILED', code: '', reason: 'Payment already posted by the biller; reversal queued for manual processing' } as const;
  return { xml: buildPaymentResponse(echo, outcome, o), outcome: 'MANUAL_REVERSAL' };
}
