import type { Clock, Ledger } from '../../../../src/core/ports';

/** What each group of conformance cases gets: the ledger opened for the current test, and how to open another. */
export interface LedgerContext {
  ledger(): Ledger;
  open(): Promise<Ledger>;
  /** another ledger on the same store (a fresh one for :memory:) that stamps rows with `clock` */
  openWithClock(clock: Clock): Promise<Ledger>;
  /** the store outlives close(): a reopened ledger sees the same data */
  persistent: boolean;
}
