// Payments still RECEIVED, POSTING or UNKNOWN a minute after they arrived (design §3.9 "Unresolved"):
// younger ones are on their normal path and no operator's concern yet.
import type { Clock, Ledger, PaymentRecord } from './ports';

export const UNRESOLVED_AFTER_MS = 60_000;

export async function findUnresolved(deps: { ledger: Ledger; clock: Clock }): Promise<{ now: number; items: PaymentRecord[] }> {
  const now = deps.clock.now();
  return { now, items: await deps.ledger.listUnresolved(now - UNRESOLVED_AFTER_MS) };
}
