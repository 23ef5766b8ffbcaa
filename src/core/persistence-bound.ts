// DIGIT persists a payment after it answered, or after the caller gave up (`_create` validates at once,
// a Kafka persister commits later: reference digit-api §4.3). So "a search found nothing" proves nothing
// while an attempt of ours may still be on its way. Only a search started once DIGIT_PERSIST_BOUND_MS has
// passed since the latest `_create` began is conclusive (design §3.7).
import { findOurs } from './find-ours';
import type { DigitGateway } from './ports';
import type { PostingPlan, Receipt } from './types';

export type Landing =
  /** DIGIT holds our payment */
  | { kind: 'POSTED'; receipts: Receipt[] }
  /** nothing of ours is in DIGIT and nothing can land any more */
  | { kind: 'NONE' }
  /** nothing found yet, but an earlier attempt may still land: ask again in `retryInMs` at the latest */
  | { kind: 'MAYBE'; retryInMs: number };

export interface LandingQuery {
  digit: DigitGateway;
  txnReferenceId: string;
  plan: PostingPlan;
  /** epoch ms the latest `_create` was started (undefined: none ever was) */
  lastPostAt?: number;
  boundMs: number;
  /** the ledger's clock, the one lastPostAt was stamped in (instances' own clocks may differ) */
  now: () => Promise<number>;
}

/** Searches DIGIT for our payment (throws DigitCallError when it cannot be searched). */
export async function whatLanded(q: LandingQuery): Promise<Landing> {
  // the clock is read before the search: the search itself must start after the bound
  const searchedAt = await q.now();
  const receipts = await findOurs(q.digit, q.txnReferenceId, q.plan);
  if (receipts) return { kind: 'POSTED', receipts };
  if (q.lastPostAt === undefined) return { kind: 'NONE' };
  const quietAt = q.lastPostAt + q.boundMs;
  return searchedAt >= quietAt ? { kind: 'NONE' } : { kind: 'MAYBE', retryInMs: quietAt - searchedAt };
}
