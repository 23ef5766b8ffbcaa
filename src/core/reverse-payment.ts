// Reversal (`Txn type="REVERSAL TYPE REQUEST"`, protocol §7.2, design §3.7): a payment that never
// reached DIGIT is closed for good so that it can never be posted later; a posted payment is cancelled
// through DIGIT's payment workflow where DIGIT allows it (cancel-posted.ts), else left to the operators.
// "Not posted" is answered only when no `_create` can still land (close-reversed.ts).
import { reversePosted } from './cancel-posted';
import { closeReversed, REVERSED_OUTCOME } from './close-reversed';
import { paymentContentHash } from './content-hash';
import { HeldPayment } from './held-payment';
import type { Logger } from './logger';
import type { Clock, DigitGateway, Ledger } from './ports';
import type { PaymentRequest, Receipt } from './types';

export type ReversalResult =
  /** nothing was (or ever will be) posted for this txnReferenceId */
  | { kind: 'NOT_POSTED'; note: string }
  /** posted in DIGIT, which cannot cancel it: listed for manual reversal by the operators */
  | { kind: 'POSTED'; receipts: Receipt[]; why: string }
  /** posted, then cancelled through DIGIT's payment workflow: reversed */
  | { kind: 'CANCELLED'; receipts: Receipt[] }
  /** still being decided (a worker owns the payment, DIGIT could not be searched, a `_create` may still land) */
  | { kind: 'PENDING'; note: string };

export interface ReversePaymentDeps {
  digit: DigitGateway;
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  leaseMs: number;
  persistBoundMs: number;
}

export class ReversePayment {
  constructor(private readonly deps: ReversePaymentDeps) {}

  async execute(req: PaymentRequest): Promise<ReversalResult> {
    const { ledger } = this.deps;
    const txn = req.txnReferenceId;
    // a few rounds: each lost race (a forward claimed or completed meanwhile) is re-read
    for (let round = 0; round < 3; round++) {
      const row = await ledger.getPayment(txn);
      if (!row) {
        // the forward never arrived: its row is born closed, so that it can never be posted
        const forward: PaymentRequest = { ...req, reversal: false };
        const { created } = await ledger.claimPayment({
          request: forward, contentHash: paymentContentHash(forward), leaseMs: this.deps.leaseMs, closed: REVERSED_OUTCOME,
        });
        if (created) return { kind: 'NOT_POSTED', note: 'the payment never reached the biller' };
        continue;
      }
      if (row.state === 'SUCCESS' && row.outcome?.status === 'SUCCESS') return reversePosted(this.deps, row, row.outcome.receipts);
      if (row.state === 'FAILED') return { kind: 'NOT_POSTED', note: 'the payment had failed: nothing was posted' };
      // from now on no new _create is made for it, whoever holds it
      await ledger.requestReversal(txn);
      const leased = await ledger.tryLease(txn, this.deps.leaseMs);
      if (!leased) return { kind: 'PENDING', note: 'the payment is being worked on' };
      const settled = await closeReversed(this.deps, new HeldPayment(ledger, leased, this.deps.leaseMs));
      if (settled.kind === 'CLOSED') return { kind: 'NOT_POSTED', note: 'closed before it was posted' };
      if (settled.kind === 'PENDING') return settled;
      // posted after all: the next round reverses it as a posted payment
    }
    return { kind: 'PENDING', note: 'the payment kept changing' };
  }
}
