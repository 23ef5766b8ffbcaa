// "Resend" (console "Callbacks", POST /ops/outbox/:id/resend): a PARKED callback — the CU refused or
// never answered it for BBPS_CALLBACK_PARK_AFTER_MS — is queued again as it was stored (the same signed
// message) and worked at once by this instance; its attempts start again from 0.
import { AppError } from './errors';
import type { Ledger } from './ports';

export interface ResendDeps {
  ledger: Ledger;
  /** how long the re-queued item is this instance's before another may take it */
  leaseMs: number;
  /** works the item now (the outbox dispatcher); absent when callbacks are off */
  kick?: (id: string) => void;
}

export async function resendCallback(deps: ResendDeps, id: string): Promise<{ id: string; state: 'PENDING' }> {
  const item = await deps.ledger.getOutbox(id);
  if (!item) throw new AppError('OUTBOX_ITEM_NOT_FOUND', `no outbox item ${id}`, { public: true });
  if (item.state !== 'PARKED') throw new AppError('OUTBOX_ITEM_NOT_PARKED', `outbox item ${id} is ${item.state}: only a PARKED item is resent`, { public: true });
  await deps.ledger.requeueOutbox(id, deps.leaseMs);
  deps.kick?.(id);
  return { id, state: 'PENDING' };
}
