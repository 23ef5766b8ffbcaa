// Posting a payment into DIGIT when DIGIT has no idempotency key (design §3.7, §3.8): search before
// every re-post, never report failure while an earlier attempt's outcome is unknown, and never move to
// a different bill (or fail) while an earlier attempt may still land (persistence-bound.ts).
import type { HeldPayment } from './held-payment';
import type { Logger } from './logger';
import { whatLanded } from './persistence-bound';
import { DigitCallError, type Clock, type DigitGateway } from './ports';
import { paymentRetryMs } from './retry-cadence';
import type { PaymentOutcome, PostingPlan, Receipt } from './types';
import { findOurs } from './find-ours';

export interface PostDeps {
  digit: DigitGateway;
  clock: Clock;
  log: Logger;
  /** DIGIT_PERSIST_BOUND_MS: how long after a `_create` began DIGIT may still persist it */
  persistBoundMs: number;
}

/** A fresh plan for a bill DIGIT regenerated, or the code to fail with. */
export type Regenerate = (plan: PostingPlan) => Promise<PostingPlan | { code: string; reason: string }>;

const ALREADY_PAID = new Set(['BILL_ALREADY_PAID', 'PAYMENT_CREATION_FAILED']);
const STALE_BILL = new Set(['BILL_EXPIRED', 'INVALID_BILL_ID']);

/** DIGIT refused the current plan for good: regenerate the bill (STALE) or fail with a code. */
type Refusal = 'STALE' | { code: string; reason: string };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

export async function postPayment(
  deps: PostDeps,
  held: HeldPayment,
  initialPlan: PostingPlan,
  deadline: number,
  regenerate: Regenerate,
): Promise<PaymentOutcome> {
  const { digit, clock, log } = deps;
  const txn = held.txn;
  const record = held.record;
  const instrument = record.request.paymentRefId || txn;
  const meta = { txnReferenceId: txn, refId: record.refId };
  // an earlier attempt (before a crash, or a timeout) may have created the payment, or still may
  let uncertain = record.state === 'POSTING' || record.state === 'UNKNOWN';
  // when the latest attempt that may still land began (a refused one cannot land)
  let landableAt = record.lastPostAt;
  let plan = initialPlan;
  let refusal: Refusal | undefined;
  let regenerated = false;
  let retryIn = paymentRetryMs(record.attempts);
  let pause = 100;

  const succeed = async (receipts: Receipt[]): Promise<PaymentOutcome> =>
    (await held.complete({ status: 'SUCCESS', receipts })) ? { status: 'SUCCESS', receipts } : held.stored();
  const fail = async (code: string, reason: string): Promise<PaymentOutcome> =>
    (await held.complete({ status: 'FAILED', code, reason })) ? { status: 'FAILED', code, reason } : held.stored();

  for (let attempt = 0; ; attempt++) {
    let creating: { before: number | undefined } | undefined;
    try {
      if (!(await held.renew())) return await held.stored();
      if (uncertain) {
        const landed = await whatLanded({ digit, txnReferenceId: txn, plan, lastPostAt: landableAt, boundMs: deps.persistBoundMs, now: () => held.now() });
        if (landed.kind === 'POSTED') return await succeed(landed.receipts);
        // a refusal of the current plan settles nothing while an earlier attempt may still land
        if (refusal && landed.kind === 'MAYBE') retryIn = Math.min(retryIn, Math.max(1000, landed.retryInMs));
        if (refusal && landed.kind === 'NONE') uncertain = false;
      }
      if (refusal && !uncertain) {
        if (refusal !== 'STALE') return await fail(refusal.code, refusal.reason);
        if (regenerated) return await fail('BPR008', 'bill changed since it was fetched');
        const next = await regenerate(plan);
        regenerated = true;
        if ('code' in next) return await fail(next.code, next.reason);
        plan = next;
        refusal = undefined;
      }
      if (!refusal) {
        const startedAt = await held.now();
        if (!(await held.post(plan, startedAt))) return await refusedToPost(held);
        creating = { before: landableAt };
        landableAt = startedAt;
        return await succeed(await digit.createPayment(txn, instrument, plan));
      }
    } catch (e) {
      if (!(e instanceof DigitCallError)) throw e;
      log.warn('payment: DIGIT call failed', { ...meta, kind: e.kind, digitCodes: e.digitCodes, error: e.message });
      if (creating && e.kind === 'UNKNOWN') uncertain = true;
      // refused at validation, or never sent: that attempt cannot land
      if (creating && e.kind !== 'UNKNOWN') landableAt = creating.before;
      if (creating && e.kind === 'REJECTED') {
        if (e.digitCodes.some((c) => ALREADY_PAID.has(c))) {
          const search = await findOurs(digit, txn, plan).then(
            (receipts) => ({ receipts }),
            () => undefined, // search failed: whose payment it is stays unknown
          );
          if (search?.receipts) return succeed(search.receipts);
          if (search) return fail('BPR008', 'bill already paid by another payment');
          uncertain = true;
        } else {
          refusal = e.digitCodes.some((c) => STALE_BILL.has(c))
            ? 'STALE'
            : e.digitCodes.includes('INVALID_PAYMENTDETAIL')
              ? { code: 'BPR011', reason: 'DIGIT refused the amount' }
              : { code: 'BPR005', reason: 'DIGIT refused the payment' };
          if (!uncertain) continue; // nothing of ours can land: act on the refusal at once
        }
      }
    }
    const now = clock.now();
    if (now + pause >= deadline) {
      if (!uncertain) return fail('BPR010', 'DIGIT unreachable');
      await held.giveUp(`unresolved after ${attempt + 1} try(s) in this run`, retryIn, landableAt);
      log.warn('payment: outcome unknown, left to the sweeper', { ...meta, retryInMs: retryIn });
      return { status: 'PENDING' };
    }
    await sleep(pause);
    pause = Math.min(pause * 2, 2000);
  }
}

/**
 * markPosting refused: another worker took the lease (its answer will come), the payment is terminal,
 * or a reversal was asked — then nothing more may be posted: released at once for the reversal to settle.
 */
async function refusedToPost(held: HeldPayment): Promise<PaymentOutcome> {
  const row = await held.stillHeld();
  if (row?.reversalRequested) await held.giveUp('reversal asked: no new _create', 0, row.lastPostAt);
  return held.stored();
}
