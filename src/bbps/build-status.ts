// TxnStatusResponse ("402", protocol §7.1, §10.9): the stored payment's outcome restated under the
// status request's refId, with the same approvalRefNum the payment response carried.
import { istTimestamp } from '../core/dates';
import type { PaymentOutcome, PaymentRequest } from '../core/types';
import { billDetailsElement, type BuildOptions, headElement, paidBillerResponse, paymentReason, PLACEHOLDER_BILLER_RESPONSE } from './build-parts';
import { FORWARD_RESPONSE, REVERSAL_RESPONSE } from './build-payment';
import type { TxnStatusEcho } from './messages';
import { bbpsDocument, element } from './xml-writer';

/** The payment asked about, as the ledger holds it. */
export interface StatusSubject {
  request: PaymentRequest;
  outcome: PaymentOutcome;
}

export function buildTxnStatusResponse(echo: TxnStatusEcho, payment: StatusSubject, o: BuildOptions): string {
  const { request, outcome } = payment;
  const reason = paymentReason(outcome, 'a pending payment has no status answer yet');
  const bills =
    outcome.status === 'SUCCESS'
      ? outcome.receipts.map((r) => paidBillerResponse({ customerName: request.customerName, amount: String(r.amountPaise), billNumber: r.billNumber }))
      : [PLACEHOLDER_BILLER_RESPONSE];
  return bbpsDocument('TxnStatusResponse', [], [
    headElement(echo.head.refId, o),
    reason,
    element('Txn', [
      ['ts', echo.txn.ts ?? istTimestamp(o.now)],
      ['xchangeId', echo.txn.xchangeId],
      ['type', request.reversal ? REVERSAL_RESPONSE : FORWARD_RESPONSE],
      ['msgId', request.msgId],
      ['txnReferenceId', request.txnReferenceId],
    ]),
    billDetailsElement({ billerId: request.billerId, params: request.params }),
    ...bills,
  ]);
}
