// TxnStatusRequest ("402", protocol §7.1): restate a payment's stored outcome by txnReferenceId. A
// payment whose outcome is not known yet is resolved first where possible (design §3.7: a status query
// triggers resolution at once); the answer is never a failure while DIGIT's outcome is unknown.
import type { Clock, Ledger } from './ports';
import type { PayBill } from './pay-bill';
import type { PaymentOutcome, PaymentRequest } from './types';

export type TxnStatusResult =
  /** no payment with this txnReferenceId ever reached the adapter */
  | { found: false }
  /** outcome SUCCESS or FAILED: restate it; PENDING: still unknown after the resolution attempt */
  | { found: true; request: PaymentRequest; outcome: PaymentOutcome };

export interface TxnStatusDeps {
  ledger: Ledger;
  payBill: PayBill;
  clock: Clock;
  /** how long a query may spend resolving an unknown outcome before answering PENDING */
  resolveMs: number;
}

export class TxnStatus {
  constructor(private readonly deps: TxnStatusDeps) {}

  async execute(txnReferenceId: string): Promise<TxnStatusResult> {
    const { ledger, payBill, clock } = this.deps;
    const row = await ledger.getPayment(txnReferenceId);
    if (!row) return { found: false };
    if (row.outcome && (row.state === 'SUCCESS' || row.state === 'FAILED')) {
      return { found: true, request: row.request, outcome: row.outcome };
    }
    // waits for the worker that owns it, or takes over an abandoned one (search DIGIT, then post or fail)
    const outcome = await payBill.awaitOutcome(txnReferenceId, clock.now() + this.deps.resolveMs);
    return { found: true, request: row.request, outcome };
  }
}
