// BillPaymentResponse (protocol §10.6), forward and reversal (§10.7).
import { istTimestamp } from '../core/dates';
import type { PaymentOutcome, Receipt } from '../core/types';
import {
  type BillerResponseFields,
  billDetailsElement,
  type BuildOptions,
  headElement,
  paidBillerResponse,
  paymentReason,
  PLACEHOLDER_BILLER_RESPONSE,
} from './build-parts';
import type { BillerResponseEcho, PaymentEcho } from './messages';
import { bbpsDocument, element } from './xml-writer';

export const FORWARD_RESPONSE = 'FORWARD TYPE RESPONSE';
export const REVERSAL_RESPONSE = 'REVERSAL TYPE RESPONSE';

const echoed = (br: BillerResponseEcho, paid?: Receipt): BillerResponseFields => ({
  ...br,
  // a copied BillerResponse without an amount cannot be echoed as is: the paid amount stands in
  amount: br.amount ?? String(paid?.amountPaise ?? 0),
});

/**
 * One BillerResponse per receipt, echoing the request's BillerResponse for that bill when it carried
 * one: the only one when both are single (its billNumber may be masked), else the one naming the
 * receipt's bill number; otherwise the paid amount and the receipt's bill number.
 */
function receiptResponses(requested: readonly BillerResponseEcho[], receipts: readonly Receipt[]): string[] {
  if (requested.length === 1 && receipts.length === 1) {
    return [paidBillerResponse(echoed(requested[0] as BillerResponseEcho, receipts[0]))];
  }
  const unused = [...requested];
  return receipts.map((r) => {
    const at = unused.findIndex((br) => br.billNumber === r.billNumber);
    if (at >= 0) return paidBillerResponse(echoed(unused.splice(at, 1)[0] as BillerResponseEcho, r));
    return paidBillerResponse({ amount: String(r.amountPaise), billNumber: r.billNumber });
  });
}

export interface PaymentBuildOptions extends BuildOptions {
  /** answering a `REVERSAL TYPE REQUEST` */
  reversal: boolean;
}

export function buildPaymentResponse(echo: PaymentEcho, outcome: PaymentOutcome, o: PaymentBuildOptions): string {
  // design §3.7: never answer while DIGIT's outcome is unknown; the caller Acks and answers later
  const reason = paymentReason(outcome, 'a pending payment has no BillPaymentResponse yet');
  let bills: string[];
  if (outcome.status === 'SUCCESS') bills = receiptResponses(echo.billerResponses, outcome.receipts);
  else bills = echo.billerResponses.length > 0 ? echo.billerResponses.map((br) => paidBillerResponse(echoed(br))) : [PLACEHOLDER_BILLER_RESPONSE];
  return bbpsDocument('BillPaymentResponse', [], [
    headElement(echo.head.refId, o),
    reason,
    element('Txn', [
      ['ts', echo.txn.ts ?? istTimestamp(o.now)],
      ['type', o.reversal ? REVERSAL_RESPONSE : FORWARD_RESPONSE],
      ['msgId', echo.txn.msgId],
      ['txnReferenceId', echo.txn.txnReferenceId],
    ]),
    billDetailsElement(echo.billDetails),
    ...bills,
  ]);
}
