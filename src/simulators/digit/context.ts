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
}
