import type { Ledger } from '../../../../src/core/ports';

/** What each group of conformance cases gets: the ledger opened for the current test, and how to open another. */
export interface LedgerContext {
  ledger(): Ledger;
  open(): Promise<Ledger>;
  /** the store outlives close(): a reopened ledger sees the same data */
  persistent: boolean;
}
