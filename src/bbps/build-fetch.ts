// BillFetchResponse (protocol §10.3 success, §10.4 failure).
import { istTimestamp } from '../core/dates';
import { AppError } from '../core/errors';
import type { Bill, FetchOutcome } from '../core/types';
import { billDetailsElement, type BuildOptions, failureReason, headElement, PLACEHOLDER_BILLER_RESPONSE, successReason } from './build-parts';
import type { FetchEcho } from './messages';
import { bbpsDocument, element } from './xml-writer';

const billerResponse = (b: Bill): string =>
  element('BillerResponse', [
    ['customerName', b.customerName],
    ['amount', String(b.amountPaise)],
    ['dueDate', b.dueDate],
    ['billDate', b.billDate],
    ['billNumber', b.billNumber],
    ['billPeriod', b.billPeriod],
  ]);

export function buildFetchResponse(echo: FetchEcho, outcome: FetchOutcome, o: BuildOptions): string {
  let reason: string;
  let bills: string[];
  if (outcome.ok) {
    const first = outcome.bills[0];
    if (!first) throw new AppError('INTERNAL', 'a successful fetch outcome must carry at least one bill');
    // A fetch approves nothing, yet the schema requires approvalRefNum: the first bill's number is the
    // reference the customer sees on the bill, and the one the payment will name.
    reason = successReason(first.billNumber);
    bills = outcome.bills.map(billerResponse);
  } else {
    reason = failureReason(outcome.code, outcome.reason);
    bills = [PLACEHOLDER_BILLER_RESPONSE];
  }
  return bbpsDocument('BillFetchResponse', [], [
    headElement(echo.head.refId, o),
    reason,
    // Txn echoes the request's ts and msgId; RiskScores are dropped (protocol §10.3)
    element('Txn', [
      ['ts', echo.txn.ts ?? istTimestamp(o.now)],
      ['msgId', echo.txn.msgId],
    ]),
    billDetailsElement(echo.billDetails),
    ...bills,
  ]);
}
