// "Resolve now" (console, POST /ops/payments/:txnReferenceId/resolve): an operator asks for an
// unresolved payment to be settled at once instead of at the sweeper's next pass. It goes through the
// very machinery the sweeper and a repeated request use (PayBill.awaitOutcome): take the fenced lease,
// search DIGIT by transaction number before any re-post, settle — so DIGIT is never sent a second
// `_create` for a payment it already holds. With DIGIT not answering, nothing is tried and nothing
// changes: the operator is told so.
import { AppError } from './errors';
import type { DigitReadiness } from './ops-overview';
import type { Clock, Ledger } from './ports';
import type { PayBill } from './pay-bill';
import type { PaymentOutcome, PaymentState } from './types';

export const isUnresolvedState = (s: PaymentState): boolean => s === 'RECEIVED' || s === 'POSTING' || s === 'UNKNOWN';

export interface ResolveNowDeps {
  ledger: Ledger;
  payBill: PayBill;
  clock: Clock;
  digitReadiness: () => DigitReadiness;
  /** how long the operator's request may work on it before answering "still unknown" */
  budgetMs: number;
}

export type ResolveResult =
  /** settled now (SUCCESS with its receipts, or FAILED when nothing of it reached DIGIT) */
  | { result: 'SETTLED'; outcome: Exclude<PaymentOutcome, { status: 'PENDING' }> }
  /** it was settled already */
  | { result: 'ALREADY_SETTLED'; outcome: Exclude<PaymentOutcome, { status: 'PENDING' }> }
  /** DIGIT did not answer within the budget: still unresolved, the sweeper keeps trying */
  | { result: 'STILL_UNKNOWN' };

export class ResolveNow {
  constructor(private readonly deps: ResolveNowDeps) {}

  async execute(txnReferenceId: string): Promise<ResolveResult> {
    const { ledger, payBill, clock } = this.deps;
    const row = await ledger.getPayment(txnReferenceId);
    if (!row) throw new AppError('PAYMENT_NOT_FOUND', `no payment with txnReferenceId ${txnReferenceId}`, { public: true });
    if (row.outcome && row.outcome.status !== 'PENDING' && !isUnresolvedState(row.state)) return { result: 'ALREADY_SETTLED', outcome: row.outcome };
    const digit = this.deps.digitReadiness();
    if (!digit.ready || digit.circuits.collection === 'open') {
      throw new AppError('DIGIT_UNAVAILABLE', `DIGIT is not answering (${digit.ready ? 'collection circuit open' : digit.detail}): nothing was tried, the payment is unchanged`, { public: true });
    }
    const outcome = await payBill.awaitOutcome(txnReferenceId, clock.now() + this.deps.budgetMs);
    return outcome.status === 'PENDING' ? { result: 'STILL_UNKNOWN' } : { result: 'SETTLED', outcome };
  }
}
