// A payment whose lease this worker holds (design §3.7 "Fenced leases"): every progress write names
// the lease's token, so a worker that lost the lease (it expired, its instance was thought dead) can
// never overwrite the new holder. When a write is refused, the stored state is the answer.
import type { Clock, Ledger, PaymentRecord } from './ports';
import type { PaymentOutcome, PostingPlan } from './types';

/**
 * A renewal within this long of the write that last gave the lease its full `leaseMs` is skipped: the
 * lease then still has `leaseMs` − 1 s, and paymentLeaseMs keeps 5 s over the longest DIGIT call path,
 * so the call that follows still ends inside it. (A share of the lease would not: a quarter of 4T + 5 s
 * leaves 3T + 3.75 s, less than the 4T a call path may take.) It saves the renewal right after a claim.
 */
const FRESH_MS = 1000;

export class HeldPayment {
  constructor(
    private readonly ledger: Ledger,
    readonly record: PaymentRecord,
    /** how long each renewal holds: more than the longest single DIGIT call path */
    private readonly leaseMs: number,
    /**
     * When known: the clock (any, only differences are taken) and its reading just before the write that
     * gave this lease its full `leaseMs` was sent. Without it every renewal is written.
     */
    private readonly fresh?: { clock: Clock; leasedAt: number },
  ) {
    this.leasedAt = fresh?.leasedAt;
  }

  private leasedAt: number | undefined;

  get txn(): string {
    return this.record.txnReferenceId;
  }

  private get token(): number {
    return this.record.leaseToken;
  }

  /** The ledger's clock: what lastPostAt is stamped and the persistence bound judged in. */
  now(): Promise<number> {
    return this.ledger.now();
  }

  /**
   * Before each DIGIT call: false means the lease is lost, and no call may be made. A lease taken or
   * renewed less than FRESH_MS ago is not written again (one write fewer per payment): no one else can
   * have taken it (a lease is only taken once expired), and the `_create` itself is still fenced by
   * markPosting, which renews in the same statement and checks the token.
   */
  async renew(): Promise<boolean> {
    const now = this.fresh?.clock.now();
    // a negative age is a clock that stepped back: it says nothing about how long the lease has run
    const age = now === undefined || this.leasedAt === undefined ? undefined : now - this.leasedAt;
    if (age !== undefined && age >= 0 && age < Math.min(FRESH_MS, this.leaseMs / 4)) return true;
    const ok = await this.ledger.renewLease(this.txn, this.token, this.leaseMs);
    this.leasedAt = ok ? now : undefined;
    return ok;
  }

  /** POSTING with the plan, committed before `_create`; false: lost, terminal, or a reversal was asked. */
  async post(plan: PostingPlan, startedAt: number): Promise<boolean> {
    const now = this.fresh?.clock.now();
    const ok = await this.ledger.markPosting(this.txn, this.token, plan, this.leaseMs, startedAt);
    this.leasedAt = ok ? now : undefined;
    return ok;
  }

  complete(outcome: PaymentOutcome & { status: 'SUCCESS' | 'FAILED' }): Promise<boolean> {
    return this.ledger.complete(this.txn, this.token, outcome);
  }

  /**
   * Outcome unknown: released as UNKNOWN, tried again `retryInMs` from now (by anyone). `landableAt`:
   * when the latest attempt that may still land began (a refused re-post does not count).
   */
  giveUp(note: string, retryInMs: number, landableAt: number | undefined): Promise<boolean> {
    return this.ledger.markUnknown(this.txn, this.token, note, retryInMs, landableAt);
  }

  /** The answer once this worker's write was refused: the stored outcome, or PENDING while it is live. */
  async stored(): Promise<PaymentOutcome> {
    const row = await this.ledger.getPayment(this.txn);
    return row?.outcome && (row.state === 'SUCCESS' || row.state === 'FAILED') ? row.outcome : { status: 'PENDING' };
  }

  /** Still this worker's (same token, not terminal): e.g. markPosting was refused because a reversal was asked. */
  async stillHeld(): Promise<PaymentRecord | undefined> {
    const row = await this.ledger.getPayment(this.txn);
    return row && row.leaseToken === this.token && row.leaseOwner !== undefined && row.state !== 'SUCCESS' && row.state !== 'FAILED'
      ? row
      : undefined;
  }
}
