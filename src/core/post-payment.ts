// Posting a payment into DIGIT when DIGIT has no idempotency key (design §3.7, §3.8):
// search before every re-post, never report failure while an earlier attempt's outcome is unknown.
import type { Logger } from './logger';
import { DigitCallError, type Clock, type DigitGateway, type Ledger, type PaymentRecord } from './ports';
import type { PaymentOutcome, PostingPlan, Receipt } from './types';

export interface PostDeps {
  digit: DigitGateway;
  ledger: Ledger;
  clock: Clock;
  log: Logger;
  /** how long a worker owns a payment it is posting */
  leaseMs: number;
}

/** A fresh plan for a bill DIGIT regenerated, or the code to fail with. */
export type Regenerate = (plan: PostingPlan) => Promise<PostingPlan | { code: string; reason: string }>;

const ALREADY_PAID = new Set(['BILL_ALREADY_PAID', 'PAYMENT_CREATION_FAILED']);
const STALE_BILL = new Set(['BILL_EXPIRED', 'INVALID_BILL_ID']);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Our payment in DIGIT: the one whose transactionNumber is this txnReferenceId. */
export async function findOurs(digit: DigitGateway, txn: string, plan: PostingPlan): Promise<Receipt[] | undefined> {
  for (const businessService of new Set(plan.bills.map((b) => b.businessService))) {
    const found = await digit.searchPayments({ tenantId: plan.tenantId, businessService, transactionNumber: txn });
    const ours = found.find((p) => p.transactionNumber === txn);
    if (ours) return ours.receipts;
  }
  return undefined;
}

export function backoffMs(attempts: number): number {
  const base = Math.min(300_000, 2000 * 2 ** Math.min(attempts, 8));
  return base / 2 + Math.floor(Math.random() * (base / 2));
}

export async function postPayment(
  deps: PostDeps,
  record: PaymentRecord,
  initialPlan: PostingPlan,
  deadline: number,
  regenerate: Regenerate,
): Promise<PaymentOutcome> {
  const { digit, ledger, clock, log } = deps;
  const txn = record.txnReferenceId;
  const instrument = record.request.paymentRefId || txn;
  const meta = { txnReferenceId: txn, refId: record.refId };
  // an earlier attempt (before a crash, or a timeout) may have created the payment
  let uncertain = record.state === 'POSTING' || record.state === 'UNKNOWN';
  let plan = initialPlan;
  let regenerated = false;
  let pause = 100;

  // terminal already (another worker, a reversal): the stored outcome is the answer
  const stored = async (): Promise<PaymentOutcome> => (await ledger.getPayment(txn))?.outcome ?? { status: 'PENDING' };
  const succeed = async (receipts: Receipt[]): Promise<PaymentOutcome> =>
    (await ledger.complete(txn, { status: 'SUCCESS', receipts })) ? { status: 'SUCCESS', receipts } : stored();
  const fail = async (code: string, reason: string): Promise<PaymentOutcome> =>
    (await ledger.complete(txn, { status: 'FAILED', code, reason })) ? { status: 'FAILED', code, reason } : stored();

  for (let attempt = 0; ; attempt++) {
    try {
      if (uncertain) {
        const receipts = await findOurs(digit, txn, plan);
        if (receipts) return await succeed(receipts);
      }
      if (!(await ledger.markPosting(txn, plan, clock.now() + deps.leaseMs))) return await stored();
      return await succeed(await digit.createPayment(txn, instrument, plan));
    } catch (e) {
      if (!(e instanceof DigitCallError)) throw e;
      log.warn('payment: DIGIT call failed', { ...meta, kind: e.kind, digitCodes: e.digitCodes, error: e.message });
      if (e.kind === 'UNKNOWN') uncertain = true;
      if (e.kind === 'REJECTED') {
        if (e.digitCodes.some((c) => ALREADY_PAID.has(c))) {
          const search = await findOurs(digit, txn, plan).then(
            (receipts) => ({ receipts }),
            () => undefined, // search failed: whose payment it is stays unknown
          );
          if (search?.receipts) return succeed(search.receipts);
          if (search) return fail('BPR008', 'bill already paid by another payment');
          uncertain = true;
        } else if (e.digitCodes.some((c) => STALE_BILL.has(c)) && !regenerated) {
          regenerated = true;
          const next = await regenerate(plan).catch((err: unknown) => {
            if (err instanceof DigitCallError) return undefined; // could not read: try again later
            throw err;
          });
          if (next && 'code' in next) return fail(next.code, next.reason);
          if (next) plan = next;
          continue;
        } else if (e.digitCodes.some((c) => STALE_BILL.has(c))) {
          return fail('BPR008', 'bill changed since it was fetched');
        } else if (e.digitCodes.includes('INVALID_PAYMENTDETAIL')) {
          return fail('BPR011', 'DIGIT refused the amount');
        } else {
          return fail('BPR005', 'DIGIT refused the payment');
        }
      }
    }
    const now = clock.now();
    if (now + pause >= deadline) {
      if (!uncertain) return fail('BPR010', 'DIGIT unreachable');
      await ledger.markUnknown(txn, `unresolved after ${attempt + 1} attempt(s)`, now + backoffMs(record.attempts + attempt));
      log.warn('payment: outcome unknown, left to the sweeper', meta);
      return { status: 'PENDING' };
    }
    await sleep(pause);
    pause = Math.min(pause * 2, 2000);
  }
}
