// GET /ops/unresolved: payments still RECEIVED, POSTING or UNKNOWN a minute after they arrived (design
// §3.9 "Unresolved"): the ledger's own list, shown with the fields an operator acts on. No customer
// parameters are shown (they may hold a mobile number); the note is masked as in the logs.
import type { Clock, Ledger, PaymentRecord } from '../core/ports';
import { findUnresolved, UNRESOLVED_AFTER_MS } from '../core/unresolved';
import { maskMobiles } from '../observability/mask';

export { UNRESOLVED_AFTER_MS };

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
  const { now, items } = await findUnresolved(deps);
  return { olderThanMs: UNRESOLVED_AFTER_MS, items: items.map((p) => unresolvedView(p, now)) };
}
