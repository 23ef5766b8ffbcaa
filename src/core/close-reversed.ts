// A live payment whose reversal was asked (design §3.7): it may never be posted again (markPosting
// refuses it), so what remains is to learn whether an earlier attempt landed. "Not posted" is decided
// only when no `_create` can still land: never sent (no attempt was ever committed), or a search made
// after the persistence bound finds nothing. Until then it stays pending — never guessed.
import type { HeldPayment } from './held-payment';
import type { Logger } from './logger';
import { whatLanded } from './persistence-bound';
import { DigitCallError, type Clock, type DigitGateway } from './ports';
import { paymentRetryMs } from './retry-cadence';
import type { Receipt } from './types';

/** The outcome a forward payment gets once its reversal closed it (a late forward replays it). */
export const REVERSED_OUTCOME = { status: 'FAILED', code: 'BPR005', reason: 'reversed by the BBPS network before it was posted' } as const;

export type Settled = { kind: 'POSTED'; receipts: Receipt[] } | { kind: 'CLOSED' } | { kind: 'PENDING'; note: string };

export interface CloseDeps {
  digit: DigitGateway;
  clock: Clock;
  log: Logger;
  persistBoundMs: number;
}

/** We hold the lease of a live payment whose reversal was asked: close it, or record that it was posted. */
export async function closeReversed(deps: CloseDeps, held: HeldPayment): Promise<Settled> {
  const row = held.record;
  const plan = row.plan;
  // markPosting is committed before every _create and now refuses this row: none was ever sent
  if (row.attempts === 0 || !plan) return (await held.complete(REVERSED_OUTCOME)) ? { kind: 'CLOSED' } : stale(held);
  try {
    if (!(await held.renew())) return stale(held);
    const landed = await whatLanded({
      digit: deps.digit, txnReferenceId: held.txn, plan, lastPostAt: row.lastPostAt, boundMs: deps.persistBoundMs, now: () => held.now(),
    });
    if (landed.kind === 'POSTED') return (await held.complete({ status: 'SUCCESS', receipts: landed.receipts })) ? landed : stale(held);
    if (landed.kind === 'NONE') return (await held.complete(REVERSED_OUTCOME)) ? { kind: 'CLOSED' } : stale(held);
    await held.giveUp('reversal asked: an earlier attempt may still land in DIGIT', Math.max(1000, landed.retryInMs), row.lastPostAt);
    return { kind: 'PENDING', note: 'an earlier attempt may still land in DIGIT' };
  } catch (e) {
    if (!(e instanceof DigitCallError)) throw e;
    deps.log.warn('reversal: DIGIT could not be searched', { txnReferenceId: held.txn, kind: e.kind, error: e.message });
    await held.giveUp('reversal asked; DIGIT search failed', paymentRetryMs(1), row.lastPostAt);
    return { kind: 'PENDING', note: 'DIGIT could not be searched' };
  }
}

/** Our write was refused (the lease moved on, or it is terminal): whatever is stored now decides. */
async function stale(held: HeldPayment): Promise<Settled> {
  const outcome = await held.stored();
  if (outcome.status === 'SUCCESS') return { kind: 'POSTED', receipts: outcome.receipts };
  if (outcome.status === 'FAILED') return { kind: 'CLOSED' };
  return { kind: 'PENDING', note: 'the payment is being worked on' };
}
