// BillPaymentRequest: record first, then pay DIGIT exactly once however often or however
// concurrently the same payment arrives (design §3.6–§3.8).
import type { BillerRegistry } from '../billers/registry';
import type { BillerConfig } from '../billers/types';
import { checkSeveralBills, checkSingleBill } from './amount-rules';
import { chooseBills } from './choose-bills';
import { paymentContentHash } from './content-hash';
import { AppError, isAppError } from './errors';
import type { Logger } from './logger';
import { choosePaidBy, chooseMobile } from './payer';
import { closeReversed } from './close-reversed';
import { HeldPayment } from './held-payment';
import { DigitCallError, type Clock, type DigitGateway, type Ledger, type MessageRecord, type PaymentRecord } from './ports';
import { postPayment, type Regenerate } from './post-payment';
import type { Bill, PaymentOutcome, PaymentRequest, PostingPlan } from './types';

export interface PayBillDeps {
  billers: BillerRegistry;
  digit: DigitGateway;
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  /** our BBPS OU id, recorded in DIGIT's additionalDetails */
  ouId: string;
  /** one lease renewal: more than the longest single DIGIT call path (login, call, re-login, call) */
  leaseMs: number;
  /** DIGIT_PERSIST_BOUND_MS: how long after a `_create` began DIGIT may still persist it */
  persistBoundMs: number;
}

type Failure = { status: 'FAILED'; code: string; reason: string };
const failed = (code: string, reason: string): Failure => ({ status: 'FAILED', code, reason });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export class PayBill {
  /** payments this process is working on: copies wait on the same promise */
  private readonly inFlight = new Map<string, Promise<PaymentOutcome>>();
  private readonly settledListeners: Array<(p: PaymentRecord, o: PaymentOutcome) => void> = [];

  constructor(private readonly deps: PayBillDeps) {}

  /**
   * Records an accepted asynchronous payment before its Ack, so that a status query finds it and the
   * sweeper may resume it whatever happens to its work item. The lease is free at once: whoever works
   * it first (its work item, the sweeper, a status query) takes it. A txnReferenceId recorded already
   * is left as it is: the work answers it (its stored outcome, or BPR007 for other content).
   * Never rejects: the work item is durable already and claims the payment itself when it runs, so a
   * ledger failure here must not turn the Ack into a refusal of what will be worked on all the same.
   */
  async record(req: PaymentRequest): Promise<void> {
    try {
      await this.deps.ledger.claimPayment({ request: req, contentHash: paymentContentHash(req), leaseMs: 0 });
    } catch (e) {
      this.deps.log.error('payment: not recorded before its Ack; its work item records it', { txnReferenceId: req.txnReferenceId, error: String(e) });
    }
  }

  /** Called when this process makes a payment terminal (network mode: its waiting answer goes out now). */
  onSettled(listener: (p: PaymentRecord, o: PaymentOutcome) => void): void {
    this.settledListeners.push(listener);
  }

  /**
   * Pays, or answers with the stored outcome; PENDING when the outcome is not known by `deadline`.
   * `received`: the inbound message, recorded with the claim. A rejection means nothing was claimed.
   */
  async execute(req: PaymentRequest, deadline: number, received?: MessageRecord): Promise<PaymentOutcome> {
    const { billers, ledger } = this.deps;
    if (!billers.get(req.billerId)) throw new AppError('INVALID_BILLER', `biller ${req.billerId} is not served here`);
    const contentHash = paymentContentHash(req);
    const leasedAt = this.deps.clock.now();
    let claimed;
    try {
      claimed = await ledger.claimPayment({ request: req, contentHash, leaseMs: this.deps.leaseMs, ...(received ? { received } : {}) });
    } catch (e) {
      // the claim may have committed: a refusal now, then the sweeper posting it, would contradict it
      if (isAppError(e) && e.details.paymentMayExist === true) return this.pendingAfter(e, req.txnReferenceId);
      throw e;
    }
    const { created, payment } = claimed;
    if (created) return this.track(payment, deadline, leasedAt);
    if (payment.contentHash !== contentHash) return failed('BPR007', 'txnReferenceId reused with different content');
    return this.awaitOutcome(payment.txnReferenceId, deadline).catch((e: unknown) => this.pendingAfter(e, req.txnReferenceId));
  }

  /**
   * Once a payment is recorded, an unexpected error (the ledger failing mid-way, say) is never answered
   * as a failure: DIGIT may hold the payment. It stays leased in the ledger and the sweeper resolves it.
   */
  private pendingAfter(e: unknown, txnReferenceId: string): PaymentOutcome {
    this.deps.log.error('payment: unexpected error after it was recorded; left to the sweeper', { txnReferenceId, error: String(e) });
    return { status: 'PENDING' };
  }

  /** Resolves a payment claimed by the sweeper (or a status query). */
  resume(record: PaymentRecord, deadline: number): Promise<PaymentOutcome> {
    return this.track(record, deadline);
  }

  /** What this process is working on: the sweeper never takes these over (design §3.7). */
  busy(): string[] {
    return [...this.inFlight.keys()];
  }

  /** The stored outcome, waiting for the worker that owns it, or taking over an abandoned one. */
  async awaitOutcome(txn: string, deadline: number): Promise<PaymentOutcome> {
    const { ledger, clock } = this.deps;
    let tried = -Infinity;
    for (;;) {
      const mine = this.inFlight.get(txn);
      if (mine) return raceDeadline(mine, deadline, clock);
      const row = await ledger.getPayment(txn);
      if (!row) throw new AppError('INTERNAL', `payment ${txn} vanished from the ledger`);
      if (row.outcome && (row.state === 'SUCCESS' || row.state === 'FAILED')) return row.outcome;
      const now = clock.now();
      // an UNKNOWN payment is nobody's (a lease makes it POSTING): a repeat resolves it at once. A lease
      // may also be free before its expiry (its owner died): the ledger decides, asked now and then.
      if (row.nextAttemptAt <= now || row.state === 'UNKNOWN' || now - tried >= 500) {
        tried = now;
        const leased = await ledger.tryLease(txn, this.deps.leaseMs);
        if (leased) return this.track(leased, deadline);
      }
      if (now >= deadline) return { status: 'PENDING' };
      await sleep(Math.min(25, deadline - now));
    }
  }

  /** `leasedAt`: the clock just before the claim that gave `record` its full lease (renewals may wait). */
  private track(record: PaymentRecord, deadline: number, leasedAt?: number): Promise<PaymentOutcome> {
    const txn = record.txnReferenceId;
    const fresh = leasedAt === undefined ? undefined : { clock: this.deps.clock, leasedAt };
    const held = new HeldPayment(this.deps.ledger, record, this.deps.leaseMs, fresh);
    const work: Promise<PaymentOutcome> = this.process(held, deadline)
      .catch((e: unknown) => this.pendingAfter(e, txn))
      .then((outcome) => {
        if (outcome.status !== 'PENDING') for (const l of this.settledListeners) this.tell(l, record, outcome);
        return outcome;
      })
      .finally(() => {
        // only our own entry: a later worker on the same payment may have replaced it
        if (this.inFlight.get(txn) === work) this.inFlight.delete(txn);
      });
    this.inFlight.set(txn, work);
    return work;
  }

  private async process(held: HeldPayment, deadline: number): Promise<PaymentOutcome> {
    const { log } = this.deps;
    const record = held.record;
    const req = record.request;
    if (!(await held.renew())) return held.stored();
    // a reversal was asked: nothing more is posted; it is closed, or found posted
    if (record.reversalRequested) return closeReversed(this.deps, held).then(() => held.stored());
    const biller = this.deps.billers.get(req.billerId);
    if (!biller) return this.finish(held, failed('BPR005', 'biller no longer configured'));
    let plan = record.plan;
    if (!plan) {
      const planned = await this.plan(biller, req).catch((e: unknown) => {
        if (!(e instanceof DigitCallError)) throw e;
        log.warn('payment: DIGIT could not be read before posting', { txnReferenceId: req.txnReferenceId, kind: e.kind, error: e.message });
        return undefined;
      });
      if (!planned) return this.retryOrFail(held, deadline);
      if ('status' in planned) return this.finish(held, planned);
      plan = planned;
    }
    return postPayment(this.deps, held, plan, deadline, this.regenerator(biller, req));
  }

  /** A listener that throws is logged: the outcome stands (the answer must not turn into a refusal). */
  private tell(l: (p: PaymentRecord, o: PaymentOutcome) => void, record: PaymentRecord, outcome: PaymentOutcome): void {
    try {
      l(record, outcome);
    } catch (e) {
      this.deps.log.error('payment: a settled listener failed', { txnReferenceId: record.txnReferenceId, error: String(e) });
    }
  }

  /** Nothing has reached DIGIT yet: try again within the deadline, then BPR010 for good. */
  private async retryOrFail(held: HeldPayment, deadline: number): Promise<PaymentOutcome> {
    const wait = 250;
    if (this.deps.clock.now() + wait < deadline) {
      await sleep(wait);
      return this.process(held, deadline);
    }
    return this.finish(held, failed('BPR010', 'DIGIT unreachable'));
  }

  private async finish(held: HeldPayment, outcome: Failure): Promise<PaymentOutcome> {
    return (await held.complete(outcome)) ? outcome : held.stored();
  }

  private async plan(biller: BillerConfig, req: PaymentRequest): Promise<PostingPlan | Failure> {
    const choice = await chooseBills(this.deps.ledger, this.deps.digit, biller, req);
    if (!choice.ok) return failed(choice.code, choice.reason);
    const verdict = this.check(biller, choice.bills, req.amountPaise);
    if (verdict) return verdict;
    return this.toPlan(biller, req, choice.bills);
  }

  private check(biller: BillerConfig, bills: Bill[], amountPaise: number): Failure | undefined {
    if (new Set(bills.map((b) => b.tenantId)).size > 1) return failed('BPR002', 'bills of several tenants');
    const verdict = bills.length === 1 ? checkSingleBill(biller, bills[0], amountPaise) : checkSeveralBills(bills, amountPaise);
    return verdict.ok ? undefined : failed(verdict.code, verdict.reason);
  }

  private toPlan(biller: BillerConfig, req: PaymentRequest, bills: Bill[]): PostingPlan {
    const mobileParam = biller.customerParams.find((p) => p.role === 'mobileNumber');
    const paramMobile = req.params.find((p) => p.name === mobileParam?.name)?.value;
    return {
      tenantId: bills[0].tenantId,
      paidBy: choosePaidBy(req.customerName, bills[0].customerName),
      mobileNumber: chooseMobile(req.customerMobile, paramMobile),
      paymentMode: biller.digitPaymentMode,
      bills: bills.map((b) => ({
        billId: b.billId,
        billNumber: b.billNumber,
        businessService: b.businessService,
        consumerCode: b.consumerCode,
        // one bill: what the customer paid; several: each in full (checked above)
        amountPaise: bills.length === 1 ? req.amountPaise : b.amountPaise,
      })),
      additionalDetails: {
        bbps: {
          txnReferenceId: req.txnReferenceId,
          refId: req.refId,
          msgId: req.msgId,
          paymentRefId: req.paymentRefId ?? null,
          billerId: req.billerId,
          agentId: req.agentId ?? null,
          channel: req.channel ?? null,
          paymentMode: req.paymentMode,
          ouId: this.deps.ouId,
        },
      },
    };
  }

  /** BILL_EXPIRED / INVALID_BILL_ID: read the current bill once; pay it if the rules still pass. */
  private regenerator(biller: BillerConfig, req: PaymentRequest): Regenerate {
    return async (plan) => {
      const current: Bill[] = [];
      for (const b of plan.bills) {
        const bills = await this.deps.digit.fetchBills({ tenantId: plan.tenantId, businessService: b.businessService, consumerCode: b.consumerCode });
        if (bills.length !== 1) return { code: 'BPR008', reason: 'bill no longer due' };
        current.push(bills[0]);
      }
      const verdict = this.check(biller, current, req.amountPaise);
      if (verdict) return { code: 'BPR008', reason: `bill changed since the fetch: ${verdict.reason}` };
      return { ...plan, bills: this.toPlan(biller, req, current).bills };
    };
  }
}

function raceDeadline(work: Promise<PaymentOutcome>, deadline: number, clock: Clock): Promise<PaymentOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<PaymentOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ status: 'PENDING' }), Math.max(0, deadline - clock.now()));
  });
  return Promise.race([work, pending]).finally(() => clearTimeout(timer));
}
