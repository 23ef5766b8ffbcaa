// The building blocks every response shares, attribute order exactly as protocol §10 writes them.
import { istTimestamp } from '../core/dates';
import { AppError } from '../core/errors';
import type { PaymentOutcome } from '../core/types';
import { complianceText, RESPONSE_FAILURE, RESPONSE_SUCCESS } from './codes';
import type { BillDetailsEcho } from './messages';
import { element } from './xml-writer';

export interface BuildOptions {
  /** our 4-character OU id (BBPS_OU_ID): Head/@origInst of everything we send */
  ouId: string;
  /** epoch ms: Head/@ts */
  now: number;
}

export const headElement = (refId: string, o: BuildOptions): string =>
  element('Head', [
    ['ver', '1.0'],
    ['ts', istTimestamp(o.now)],
    ['origInst', o.ouId],
    ['refId', refId],
  ]);

export const successReason = (approvalRefNum: string): string =>
  element('Reason', [
    ['approvalRefNum', approvalRefNum],
    ['responseCode', RESPONSE_SUCCESS.code],
    ['responseReason', RESPONSE_SUCCESS.reason],
    ['complianceRespCd', ''],
    ['complianceReason', ''],
  ]);

/** A business failure: approvalRefNum "" (design §3.8), the code's standard text, else the core's reason. */
export const failureReason = (code: string, reason: string | undefined): string =>
  element('Reason', [
    ['approvalRefNum', ''],
    ['responseCode', RESPONSE_FAILURE.code],
    ['responseReason', RESPONSE_FAILURE.reason],
    ['complianceRespCd', code],
    ['complianceReason', complianceText(code) ?? reason ?? ''],
  ]);

export const billDetailsElement = (d: BillDetailsEcho): string =>
  element('BillDetails', [], [
    element('Biller', [['id', d.billerId]]),
    element(
      'CustomerParams',
      [],
      d.params.map((p) => element('Tag', [['name', p.name], ['value', p.value]])),
    ),
  ]);

/** protocol §10.4: the placeholder a failed answer carries where the older XSD requires a BillerResponse */
export const PLACEHOLDER_BILLER_RESPONSE = element('BillerResponse', [
  ['amount', '0'],
  ['customerName', 'NA'],
  ['billNumber', 'NA'],
  ['billPeriod', 'NA'],
  ['billDate', '0001-01-01'],
  ['dueDate', '0001-01-01'],
]);

export interface BillerResponseFields {
  customerName?: string;
  amount: string;
  dueDate?: string;
  billDate?: string;
  billNumber?: string;
  billPeriod?: string;
  custConvFee?: string;
}

/** A payment-side BillerResponse (§10.6): absent optional fields omitted, custConvFee always written. */
export const paidBillerResponse = (f: BillerResponseFields): string =>
  element('BillerResponse', [
    ['customerName', f.customerName],
    ['amount', f.amount],
    ['dueDate', f.dueDate],
    ['billDate', f.billDate],
    ['billNumber', f.billNumber],
    ['billPeriod', f.billPeriod],
    // the biller levies no convenience fee of its own: "0" unless the copied BillerResponse said otherwise
    ['custConvFee', f.custConvFee ?? '0'],
  ]);

/**
 * The Reason of a payment's outcome: success approves with DIGIT's receipt number(s), several bills'
 * joined with ',' in receipt order (design §3.6); a failure carries its code. A payment whose outcome
 * is unknown has no answer yet (design §3.7): asking for one is a programming error.
 */
export function paymentReason(outcome: PaymentOutcome, message: string): string {
  if (outcome.status === 'SUCCESS') return successReason(outcome.receipts.map((r) => r.receiptNumber).join(','));
  if (outcome.status === 'FAILED') return failureReason(outcome.code, outcome.reason);
  throw new AppError('INTERNAL', message);
}
