// GET /ops/unresolved: payments still RECEIVED, POSTING or UNKNOWN a minute after they arrived (design
// §3.9 "Unresolved"): the ledger's own list, shown with the fields an operator acts on. No customer
// parameters are shown (they may hold a mobile number); the note is masked as in the logs.
import type { Clock, Ledger, PaymentRecord } from '../core/ports';
import { maskMobiles } from '../observability/mask';

/** younger payments are still on their normal path: not yet an operator's concern */
export const UNRESOLVED_AFTER_MS = 60_000;

export function unresolvedView(p: PaymentRecord, now: number) {
  return {
    txnReferenceId: p.txnReferenceId,
    refId: p.refId,
    billerId: p.billerId,
    state: p.state,
    amountPaise: p.request.amountPaise,
    attempts: p.attempts,
    createdAt: p.createdAt,
    ageMs: now - p.createdAt,
    note: p.note === undefined ? null : maskMobiles(p.note),
  };
}

export async function listUnresolvedView(deps: { ledger: Ledger; clock: Clock }) {
  const now = deps.clock.now();
  const rows = await deps.ledger.listUnresolved(now - UNRESOLVED_AFTER_MS);
  return { olderThanMs: UNRESOLVED_AFTER_MS, items: rows.map((p) => unresolvedView(p, now)) };
}
