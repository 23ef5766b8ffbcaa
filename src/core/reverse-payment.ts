// Reversal (`Txn type="REVERSAL TYPE REQUEST"`, protocol §7.2, design §3.7): a payment that never
// reached DIGIT is closed for good so that it can never be posted later; a posted payment is cancelled
// through DIGIT's payment workflow where DIGIT allows it (cancel-posted.ts), else left to the operators.
import { reversePosted } from './cancel-posted';
import { paymentContentHash } from './content-hash';
import type { Logger } from './logger';
import { DigitCallError, type Clock, type DigitGateway, type Ledger } from './ports';
import { findOurs } from './post-payment';
import type { PaymentRequest, PostingPlan, Receipt } from './types';

export type ReversalResult =
  /** nothing was (or ever will be) posted for this txnReferenceId */
  | { kind: 'NOT_POSTED'; note: string }
  /** posted in DIGIT, which cannot cancel it: listed for manual reversal by the operators */
  | { kind: 'POSTED'; receipts: Receipt[]; why: string }
  /** posted, then cancelled through DIGIT's payment workflow: reversed */
  | { kind: 'CANCELLED'; receipts: Receipt[] }
  /** still being decided (a worker owns the payment, or DIGIT could not be searched): ask again later */
  | { kind: 'PENDING'; note: string };

export interface ReversePaymentDeps {
  digit: DigitGateway;
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  leaseMs: number;
}

/** The outcome a forward payment gets once its reversal closed it (a late forward replays it). */
export const REVERSED_OUTCOME = { status: 'FAILED', code: 'BPR005', reason: 'reversed by the BBPS network before it was posted' } as const;

// far beyond any lease: a row claimed by a reversal is never picked up by the sweeper, even if the
// process dies before completing it (the reversal's own work item completes it at restart)
const NEVER = 8_640_000_000_000_000;

export class ReversePayment {
  constructor(private readonly deps: ReversePaymentDeps) {}

  async execute(req: PaymentRequest): Promise<ReversalResult> {
    const { ledger, clock } = this.deps;
    const txn = req.txnReferenceId;
    // a few rounds: each lost race (a forward claimed or completed meanwhile) is re-read
    for (let round = 0; round < 3; round++) {
      const row = await ledger.getPayment(txn);
      if (!row) {
        // the forward never arrived: claim its row first, closed, so that it can never be posted
        const forward: PaymentRequest = { ...req, reversal: false };
        const { created } = await ledger.claimPayment({ request: forward, contentHash: paymentContentHash(forward), leaseUntil: NEVER });
        if (created && (await ledger.complete(txn, REVERSED_OUTCOME))) return { kind: 'NOT_POSTED', note: 'the payment never reached the biller' };
        continue;
      }
      if (row.state === 'SUCCESS' && row.outcome?.status === 'SUCCESS') return reversePosted(this.deps, row, row.outcome.receipts);
      if (row.state === 'FAILED') return { kind: 'NOT_POSTED', note: 'the payment had failed: nothing was posted' };
      const now = clock.now();
      const leased = await ledger.tryLease(txn, now, now + this.deps.leaseMs);
      if (!leased) return { kind: 'PENDING', note: 'the payment is being worked on' };
      const decided = await this.decide(leased.txnReferenceId, leased.state, leased.plan);
      if (decided) return decided;
    }
    return { kind: 'PENDING', note: 'the payment kept changing' };
  }

  /** We hold the lease of a non-terminal payment: close it unless DIGIT has it. */
  private async decide(txn: string, state: string, plan: PostingPlan | undefined): Promise<ReversalResult | undefined> {
    const { ledger, digit, clock, log } = this.deps;
    // RECEIVED (or no plan): markPosting is committed before every _create, so nothing was sent
    if (state !== 'RECEIVED' && plan) {
      let receipts: Receipt[] | undefined;
      try {
        receipts = await findOurs(digit, txn, plan);
      } catch (e) {
        if (!(e instanceof DigitCallError)) throw e;
        log.warn('reversal: DIGIT could not be searched', { txnReferenceId: txn, kind: e.kind, error: e.message });
        await ledger.markUnknown(txn, 'reversal asked; DIGIT search failed', clock.now() + 1000);
        return { kind: 'PENDING', note: 'DIGIT could not be searched' };
      }
      if (receipts) {
        // posted after all: record it, and the next round reverses it as a posted payment
        await ledger.complete(txn, { status: 'SUCCESS', receipts });
        return undefined;
      }
    }
    return (await ledger.complete(txn, REVERSED_OUTCOME)) ? { kind: 'NOT_POSTED', note: 'closed before it was posted' } : undefined;
  }
}
