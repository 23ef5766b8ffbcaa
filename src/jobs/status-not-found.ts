// The TxnStatusResponse for a txnReferenceId the adapter never received (documented in
// docs/network-mode.md): responseCode 200 with a plain reason and no compliance code — no BBPS code
// means "unknown transaction" — and no BillDetails, since there is no biller or customer to restate.
import { failureReason, headElement, type BuildOptions, type TxnStatusEcho } from '../bbps';
import { istTimestamp } from '../core/dates';
import { bbpsDocument, element } from '../bbps/xml-writer';

export const NOT_FOUND_REASON = 'No payment with this txnReferenceId was received by the biller';

export function buildStatusNotFound(echo: TxnStatusEcho, txnReferenceId: string, msgId: string | undefined, o: BuildOptions): string {
  return bbpsDocument('TxnStatusResponse', [], [
    headElement(echo.head.refId, o),
    failureReason('', NOT_FOUND_REASON),
    element('Txn', [
      ['ts', echo.txn.ts ?? istTimestamp(o.now)],
      ['xchangeId', echo.txn.xchangeId],
      ['msgId', msgId],
      ['txnReferenceId', txnReferenceId],
    ]),
  ]);
}
