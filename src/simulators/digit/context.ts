// What every route handler reads. `state` and `users` are replaced whole on an admin reset, so
// handlers always reach them through the context at call time.
import type { UserRegistry } from './auth/users';
import type { TokenStore } from './auth/tokens';
import type { Scheduler } from './scheduler';
import type { SandboxState } from './state';

export interface SandboxContext {
  now: () => number;
  state: SandboxState;
  users: UserRegistry;
  tokens: TokenStore;
  scheduler: Scheduler;
  /** delay of billing's asynchronous consumption of a payment (Kafka in DIGIT) */
  markPaidDelayMs: number;
  /** _create's time between validation and insert (the window of the UNIQUE(billId) race) */
  createCommitDelayMs: number;
  /** observers of _create (fault simulations stop the caller at an exact moment); see CreateHooks */
  createHooks: CreateHooks;
}

/**
 * Called by `_create` once authenticated: `received` before anything is validated or stored,
 * `committed` after the payment is stored and before the answer is written. Returning 'drop' closes
 * the caller's connection instead of going on (received) or answering (committed).
 */
export interface CreateHooks {
  received?: () => 'drop' | void;
  committed?: (payment: Record<string, unknown>) => 'drop' | void;
}
