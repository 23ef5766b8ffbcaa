// collection-services payment workflow (reference §4.7): CANCEL of one payment. DIGIT accepts it only
// for instrumentStatus APPROVED and only for the latest payment of each consumer code; anything else
// comes back as its error envelope (RECEIPT_WORKFLOW_INVALID_RECEIPT, …_ACTION_NOT_APPLICABLE) = REJECTED.
import { DigitCallError } from '../core/ports';
import type { DigitCaller } from './caller';
import type { DigitLogger } from './config';
import { modulePath } from './module-path';
import { Unreadable, arr, obj, optStr, parseJson, str } from './read';

export const workflowPath = (businessService: string) => modulePath(businessService, '_workflow');

export interface CancelQuery {
  tenantId: string;
  /** module path segment (EMPLOYEE callers must name it, as for `_search`) */
  businessService: string;
  paymentId: string;
  reason: string;
}

export async function cancelPayment(caller: DigitCaller, log: DigitLogger, q: CancelQuery): Promise<void> {
  const PaymentWorkflows = [{ paymentId: q.paymentId, action: 'CANCEL', tenantId: q.tenantId, reason: q.reason, additionalDetails: {} }];
  // a write: never repeated on a stale socket (a second CANCEL would be refused and hide the first)
  const res = await caller.call({ what: 'payment _workflow', group: 'workflow', path: workflowPath(q.businessService), payload: { PaymentWorkflows }, repeatable: false });
  let status: string | undefined;
  try {
    const payments = arr(obj(parseJson(res.text), 'response').Payments, 'Payments').map((p) => obj(p, 'Payment'));
    status = optStr(payments.find((p) => str(p.id, 'id') === q.paymentId)?.paymentStatus);
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    log.error('DIGIT _workflow answer unreadable', { paymentId: q.paymentId, why: e.message });
    throw new DigitCallError('UNKNOWN', `payment _workflow: 2xx with an unreadable answer (${e.message})`, [], res.status);
  }
  // 2xx that does not show the payment cancelled: only a search can tell what DIGIT did
  if (status !== 'CANCELLED') {
    log.error('DIGIT _workflow answer does not show the payment cancelled', { paymentId: q.paymentId, paymentStatus: status });
    throw new DigitCallError('UNKNOWN', `payment _workflow: answer shows payment ${q.paymentId} as ${status ?? 'absent'}`, [], res.status);
  }
}
